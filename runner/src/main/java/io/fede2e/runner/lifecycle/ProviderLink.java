package io.fede2e.runner.lifecycle;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.JobName;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.RunIdLabel;
import io.fede2e.provider.api.SecretSource;
import io.fede2e.runner.console.Console;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the runner and a provider must agree on besides the lifecycle calls: the run id that labels
 * the namespaces the tests create (so that the provider's Down finds them), and the credentials the
 * provider knows, which the runner masks.
 */
public final class ProviderLink {

    /** The provider option, metadata key and state key that carry the run id. */
    public static final String RUN_ID = RunIdLabel.OPTION;

    private ProviderLink() {
    }

    /**
     * The runner's run id for a build, shaped as a Kubernetes label value: {@code <job>-<build>}
     * with every character a label value cannot hold replaced by {@code -}, at most 63
     * characters, letters or digits at both ends.
     */
    public static String runId(JobName job, BuildId build) {
        return labelValue(job.value() + "-" + build);
    }

    static String labelValue(String raw) {
        String s = RunIdLabel.value(raw);
        return s.isEmpty() ? "fede2e" : s;
    }

    /**
     * {@code spec} with the option {@value #RUN_ID} set to {@code runId} when the provider declares
     * that option and the user did not set it; otherwise {@code spec} unchanged.
     */
    public static ClusterSpec withRunId(ClusterProviderFactory factory, ClusterSpec spec, String runId) {
        boolean declared = factory.options().stream().anyMatch(o -> RUN_ID.equals(o.name()));
        if (!declared || spec.option(RUN_ID).filter(v -> !v.isBlank()).isPresent()) {
            return spec;
        }
        Map<String, String> options = new LinkedHashMap<>(spec.options());
        options.put(RUN_ID, runId);
        return new ClusterSpec(spec.name(), spec.nodeCount(), spec.kubernetesVersion(), options);
    }

    /**
     * The run id the provider labels namespaces with, from its metadata (after Up or reattach) or,
     * failing that, from the state it was reattached with; empty when it reports none.
     */
    public static Optional<String> providerRunId(ClusterProvider provider, Map<String, String> reattachState) {
        Optional<String> fromMetadata;
        try {
            Map<String, String> metadata = provider.metadata();
            fromMetadata = Optional.ofNullable(metadata == null ? null : metadata.get(RUN_ID));
        } catch (RuntimeException e) {
            // Metadata is informative; a provider failing to report it must not stop the run.
            fromMetadata = Optional.empty();
        }
        return fromMetadata.or(() -> Optional.ofNullable(reattachState == null ? null : reattachState.get(RUN_ID)))
                .map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * Before Up or reattach: hands a provider that is a {@link SecretSource} where to declare each
     * credential as soon as it learns it, so that it is masked before the provider prints it.
     */
    public static void declareSecretsTo(Console console, ClusterProvider provider) {
        if (provider instanceof SecretSource source) {
            source.declareSecretsTo(values -> {
                if (values == null) {
                    return;
                }
                Set<String> nonBlank = new TreeSet<>();
                values.stream().filter(Objects::nonNull).filter(v -> !v.isBlank()).forEach(nonBlank::add);
                if (!nonBlank.isEmpty()) {
                    console.addSecrets(nonBlank);
                }
            });
        }
    }

    /** Teaches {@code console}'s redactor the credentials {@code provider} knows, if it says. */
    public static void learnSecrets(Console console, ClusterProvider provider) {
        if (!(provider instanceof SecretSource source)) {
            return;
        }
        try {
            Set<String> values = source.secretValues();
            if (values == null) {
                return;
            }
            Set<String> nonBlank = new TreeSet<>();
            values.stream().filter(Objects::nonNull).filter(v -> !v.isBlank()).forEach(nonBlank::add);
            if (!nonBlank.isEmpty()) {
                console.addSecrets(nonBlank);
            }
        } catch (RuntimeException e) {
            console.err().println("fede2e: warning: provider " + provider.name()
                    + " could not list its credentials to mask: " + e.getMessage());
        }
    }
}
