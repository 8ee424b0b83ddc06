package io.fede2e.provider.hollow;

import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import io.fede2e.provider.hollow.controllers.HollowSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * The provider options of {@code kubemark} ({@code --provider-opt key=value}, {@code --kubeconfig},
 * {@code --context}): where the target cluster is, the run id that names and labels the nodes, and the
 * hollow node options it shares with {@code hollow}.
 *
 * @param kubeconfig the kubeconfig file; empty for {@code $KUBECONFIG} or {@code ~/.kube/config}
 * @param context the kubeconfig context; empty for its current context
 * @param runId the value of the {@code fede2e.io/run-id} label on the run's nodes and namespaces
 * @param apiTimeout bound of each API request Up and Down make
 * @param downTimeout how long Down waits for the run's namespaces to be gone
 * @param settings the hollow nodes' settings
 * @param readyTimeout how long Up waits for every node to be Ready
 */
record KubemarkOptions(Optional<Path> kubeconfig, Optional<String> context, String runId, Duration apiTimeout,
        Duration downTimeout, HollowSettings settings, Duration readyTimeout) {

    static final String KUBECONFIG = "kubeconfig";
    static final String CONTEXT = "context";
    static final String RUN_ID = "run-id";
    static final String API_TIMEOUT = "api-timeout";
    static final String DOWN_TIMEOUT = "down-timeout";

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /** Every option with its default, as {@code fede2e providers} lists them. */
    static final List<ProviderOption> ALL = Stream.concat(Stream.of(
            ProviderOption.of(KUBECONFIG, "kubeconfig of the target cluster (--kubeconfig)", "$KUBECONFIG, ~/.kube/config"),
            ProviderOption.of(CONTEXT, "kubeconfig context (--context)", "the current context"),
            ProviderOption.of(RUN_ID, "names the nodes and labels nodes and namespaces fede2e.io/run-id",
                    "UTC time + 6 random hex digits"),
            ProviderOption.of(API_TIMEOUT, "bound of each API request of Up and Down", "30s"),
            ProviderOption.of(DOWN_TIMEOUT, "how long Down waits for the run's namespaces to be gone", "5m")),
            HollowOptions.NODE_OPTIONS.stream()).toList();

    private static final Set<String> NAMES = HollowOptions.names(ALL);

    KubemarkOptions {
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(apiTimeout, "apiTimeout");
        Objects.requireNonNull(downTimeout, "downTimeout");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    /**
     * Reads the options of {@code spec}; the node count is {@code --nodes}.
     *
     * @throws IllegalArgumentException naming the option when one is unknown or malformed
     */
    static KubemarkOptions from(ClusterSpec spec, Clock clock, RandomGenerator random) {
        for (String key : spec.options().keySet()) {
            if (!NAMES.contains(key)) {
                throw new IllegalArgumentException("provider option " + key + " is not known to the kubemark provider; "
                        + "use one of " + String.join(", ", NAMES));
            }
        }
        String runId = spec.option(RUN_ID).map(String::strip).filter(v -> !v.isEmpty())
                .orElseGet(() -> RUN_ID_TIME.format(clock.instant()) + "-"
                        + HexFormat.of().toHexDigits(random.nextInt(1 << 24)).substring(2));
        if (!runId.matches("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("provider option run-id='" + runId + "' is not a label value: use at most"
                    + " 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
        }
        Duration api = positive(spec, API_TIMEOUT, Duration.ofSeconds(30));
        Duration down = positive(spec, DOWN_TIMEOUT, Duration.ofMinutes(5));
        HollowSettings settings = HollowOptions.settings(spec, "kubemark");
        return new KubemarkOptions(spec.option(KUBECONFIG).filter(v -> !v.isBlank()).map(Path::of),
                spec.option(CONTEXT).filter(v -> !v.isBlank()), runId, api, down, settings,
                HollowOptions.readyTimeout(spec));
    }

    private static Duration positive(ClusterSpec spec, String key, Duration fallback) {
        Duration d = spec.durationOption(key, fallback);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("provider option " + key + " must be positive, e.g. " + fallback.toSeconds() + "s");
        }
        return d;
    }

    /**
     * The prefix of the run's node names: {@code hollow-<run id>-}, lowercased, with what a node name
     * cannot hold replaced by {@code -}, so that two runs never share a node.
     */
    String nodePrefix() {
        return "hollow-" + runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-") + "-";
    }
}
