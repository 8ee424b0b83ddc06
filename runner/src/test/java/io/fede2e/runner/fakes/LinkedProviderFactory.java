package io.fede2e.runner.fakes;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.ProviderOption;
import io.fede2e.provider.api.Reattachable;
import io.fede2e.provider.api.SecretSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A provider like {@code existing} as the runner sees it: it declares the option {@code run-id},
 * reports the run id it labels namespaces with in its metadata, and knows a credential that only
 * it can tell the runner about ({@link SecretSource}). The credential turns up in its log dump, in
 * its failures, and in {@code provider-secret.txt} of its {@code marker-dir} (a token file it read),
 * which {@code ProviderSecretFixture} prints. Each call is a line of {@code calls.txt} there.
 */
public final class LinkedProviderFactory implements ClusterProviderFactory {

    /** The credential only the provider knows; it must never reach a run directory, a bucket or the console. */
    public static final String PROVIDER_SECRET = "providerOnlySecretQ7Z3K9W2";

    @Override
    public String name() {
        return "linked";
    }

    @Override
    public String description() {
        return "A fake provider that reports a run id and its secrets.";
    }

    @Override
    public List<ProviderOption> options() {
        return List.of(ProviderOption.of("marker-dir", "where calls.txt goes", null),
                ProviderOption.of("run-id", "label value of this run's namespaces", "chosen by the provider"),
                ProviderOption.of("own-run-id", "report this run id whatever run-id says", null),
                ProviderOption.of("silent", "report no run id in metadata", "false"),
                ProviderOption.of("fail-up", "fail in Up after reading the credential", "false"),
                ProviderOption.of("fail-down", "fail in Down, naming the credential", "false"));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public ClusterProvider create() {
        return new Linked();
    }

    static final class Linked implements ClusterProvider, Reattachable, SecretSource {
        private Path dir;
        private String runId;
        private boolean silent;
        private boolean failDown;
        private Set<String> secrets = Set.of();
        private java.util.function.Consumer<Set<String>> declare = s -> { };

        @Override
        public String name() {
            return "linked";
        }

        @Override
        public void up(ClusterSpec spec) {
            dir = Path.of(spec.requiredOption("marker-dir"));
            silent = spec.booleanOption("silent", false);
            failDown = spec.booleanOption("fail-down", false);
            Optional<String> given = spec.option("run-id");
            record("up run-id=" + given.orElse("<unset>"));
            runId = spec.option("own-run-id").or(() -> given).orElse("provider-chosen");
            secrets = Set.of(PROVIDER_SECRET);
            // Declared as soon as learnt, then printed while Up still runs (as kubectl or az output is).
            declare.accept(secrets);
            System.out.println("linked up: connected with credential " + PROVIDER_SECRET);
            try {
                Files.writeString(dir.resolve("provider-secret.txt"), PROVIDER_SECRET);
                Files.writeString(kubeconfig(), "apiVersion: v1\nkind: Config\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (spec.booleanOption("fail-up", false)) {
                throw new ProviderException("cluster refused credential " + PROVIDER_SECRET,
                        "server said: bad credential " + PROVIDER_SECRET, null);
            }
        }

        @Override
        public void down() {
            if (dir != null) {
                record("down");
                if (failDown) {
                    throw new ProviderException("cannot delete the namespaces labelled " + runId + " as "
                            + PROVIDER_SECRET + ": forbidden");
                }
            }
        }

        @Override
        public boolean isUp() {
            return dir != null;
        }

        @Override
        public void dumpLogs(Path out) {
            record("dumpLogs");
            try {
                Files.writeString(out.resolve("linked.log"), "audit: request with " + PROVIDER_SECRET + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Path kubeconfig() {
            return dir.resolve("linked-kubeconfig");
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public Map<String, String> metadata() {
            Map<String, String> m = new TreeMap<>();
            if (runId != null && !silent) {
                m.put("run-id", runId);
            }
            return m;
        }

        @Override
        public Set<String> secretValues() {
            return secrets;
        }

        @Override
        public void declareSecretsTo(java.util.function.Consumer<Set<String>> declare) {
            this.declare = declare;
        }

        @Override
        public Optional<String> teardownCommand() {
            return Optional.of("kubectl delete namespaces -l e2e.fede2e.io/run-id=" + runId);
        }

        @Override
        public Map<String, String> saveState() {
            return Map.of("marker-dir", dir.toString(), "run-id", runId, "silent", Boolean.toString(silent),
                    "fail-down", Boolean.toString(failDown));
        }

        @Override
        public void reattach(Map<String, String> state) {
            dir = Path.of(state.get("marker-dir"));
            runId = state.get("run-id");
            silent = Boolean.parseBoolean(state.get("silent"));
            failDown = Boolean.parseBoolean(state.get("fail-down"));
            secrets = Set.of(PROVIDER_SECRET);
            record("reattach");
        }

        private void record(String call) {
            try {
                Files.writeString(dir.resolve("calls.txt"), call + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
