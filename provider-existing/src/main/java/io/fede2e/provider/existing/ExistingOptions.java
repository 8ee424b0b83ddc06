package io.fede2e.provider.existing;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import io.fede2e.provider.api.RunIdLabel;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The provider options of {@code existing}, read and checked once.
 *
 * @param kubeconfig the kubeconfig file, if given; else {@code KUBECONFIG} or {@code ~/.kube/config}
 * @param context the kubeconfig context, if given; else the current context
 * @param runId the value of the {@value #RUN_ID_LABEL} label on every namespace this run creates
 * @param probeTimeout the bound of each capability probe
 * @param apiTimeout the bound of the API checks of Up and of each API call
 * @param downTimeout how long Down waits for the run's namespaces to be gone
 * @param loadBalancer whether to probe {@code load-balancer} (it may cost money on a cloud)
 * @param keep whether Down leaves the run's namespaces (for {@code --down=false})
 * @param busyboxImage the image of the dns and container-runtime probes and of the network client
 * @param agnhostImage the image of the network probe's server
 * @param probes the capabilities to probe, sorted; {@code load-balancer} only when {@code loadBalancer}
 */
record ExistingOptions(Optional<String> kubeconfig, Optional<String> context, String runId, Duration probeTimeout,
        Duration apiTimeout, Duration downTimeout, boolean loadBalancer, boolean keep, String busyboxImage,
        String agnhostImage, java.util.SortedSet<Capability> probes) {

    /** The label every namespace of a run carries; the e2e suite's extension uses the same. */
    static final String RUN_ID_LABEL = RunIdLabel.KEY;

    static final String KUBECONFIG = "kubeconfig";
    static final String CONTEXT = "context";
    static final String RUN_ID = RunIdLabel.OPTION;
    static final String PROBE_TIMEOUT = "probe-timeout";
    static final String API_TIMEOUT = "api-timeout";
    static final String DOWN_TIMEOUT = "down-timeout";
    static final String LOAD_BALANCER = "load-balancer";
    static final String KEEP = "keep";
    static final String BUSYBOX_IMAGE = "busybox-image";
    static final String AGNHOST_IMAGE = "agnhost-image";
    static final String PROBES = "probes";

    /** What Up probes unless told otherwise; load-balancer costs money, so it is asked for apart. */
    static final List<Capability> DEFAULT_PROBES = List.of(Capability.CONTAINER_RUNTIME, Capability.DNS,
            Capability.POD_NETWORK, Capability.RBAC);

    static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_DOWN_TIMEOUT = Duration.ofMinutes(5);
    static final String DEFAULT_BUSYBOX = "busybox:1.36.1";
    static final String DEFAULT_AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";

    /** A Kubernetes label value: at most 63 characters, alphanumeric at both ends. */
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    ExistingOptions {
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(busyboxImage, "busyboxImage");
        Objects.requireNonNull(agnhostImage, "agnhostImage");
        checkRunId(runId);
        checkPositive(PROBE_TIMEOUT, probeTimeout);
        checkPositive(API_TIMEOUT, apiTimeout);
        checkPositive(DOWN_TIMEOUT, downTimeout);
        probes = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(probes));
    }

    static List<ProviderOption> declared() {
        return List.of(
                ProviderOption.of(KUBECONFIG, "kubeconfig file of the cluster (--kubeconfig)", "$KUBECONFIG or ~/.kube/config"),
                ProviderOption.of(CONTEXT, "kubeconfig context to use (--context)", "the current context"),
                ProviderOption.of(RUN_ID, "value of the " + RUN_ID_LABEL + " label on the namespaces of this run",
                        "UTC time and 6 random hex digits"),
                ProviderOption.of(PROBE_TIMEOUT, "bound of each capability probe", "60s"),
                ProviderOption.of(API_TIMEOUT, "bound of the API checks of Up and of each API call", "30s"),
                ProviderOption.of(DOWN_TIMEOUT, "how long Down waits for the run's namespaces to be gone", "5m"),
                ProviderOption.of(LOAD_BALANCER, "probe the load-balancer capability (creates a LoadBalancer Service)", "false"),
                ProviderOption.of(KEEP, "Down leaves the run's namespaces and prints how to remove them", "false"),
                ProviderOption.of(BUSYBOX_IMAGE, "image of the dns, container-runtime and network client probes", DEFAULT_BUSYBOX),
                ProviderOption.of(AGNHOST_IMAGE, "image of the network probe's server", DEFAULT_AGNHOST),
                ProviderOption.of(PROBES, "capabilities to probe, comma-separated, or none",
                        "container-runtime,dns,pod-network,rbac"));
    }

    static ExistingOptions from(ClusterSpec spec, Clock clock, RandomGenerator random) {
        String runId = spec.option(RUN_ID).filter(s -> !s.isBlank()).map(String::strip)
                .orElseGet(() -> newRunId(clock, random));
        boolean loadBalancer = spec.booleanOption(LOAD_BALANCER, false);
        java.util.SortedSet<Capability> probes = parseProbes(spec.option(PROBES));
        if (loadBalancer) {
            probes.add(Capability.LOAD_BALANCER);
        }
        return new ExistingOptions(
                spec.option(KUBECONFIG).filter(s -> !s.isBlank()),
                spec.option(CONTEXT).filter(s -> !s.isBlank()),
                runId,
                spec.durationOption(PROBE_TIMEOUT, DEFAULT_PROBE_TIMEOUT),
                spec.durationOption(API_TIMEOUT, DEFAULT_API_TIMEOUT),
                spec.durationOption(DOWN_TIMEOUT, DEFAULT_DOWN_TIMEOUT),
                loadBalancer,
                spec.booleanOption(KEEP, false),
                spec.option(BUSYBOX_IMAGE, DEFAULT_BUSYBOX),
                spec.option(AGNHOST_IMAGE, DEFAULT_AGNHOST),
                probes);
    }

    private static java.util.SortedSet<Capability> parseProbes(Optional<String> value) {
        java.util.SortedSet<Capability> out = new java.util.TreeSet<>();
        if (value.isEmpty()) {
            out.addAll(DEFAULT_PROBES);
            return out;
        }
        if (value.get().strip().equals("none")) {
            return out;
        }
        List<Capability> known = new java.util.ArrayList<>(DEFAULT_PROBES);
        known.add(Capability.LOAD_BALANCER);
        for (String part : value.get().split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            Capability c = known.stream().filter(k -> k.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("provider option " + PROBES + "='" + value.get()
                            + "' names '" + name + "', which is not probed; use a comma-separated list of "
                            + String.join(",", known.stream().map(Capability::name).sorted().toList()) + ", or none"));
            out.add(c);
        }
        return out;
    }

    /** A run id that sorts by time and differs between runs started in the same second. */
    static String newRunId(Clock clock, RandomGenerator random) {
        byte[] bytes = new byte[3];
        random.nextBytes(bytes);
        return RUN_ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(bytes);
    }

    static void checkRunId(String runId) {
        if (!RunIdLabel.isValid(runId)) {
            throw new IllegalArgumentException("provider option " + RUN_ID + "='" + runId
                    + "' is not a label value; use at most 63 letters, digits, '-', '_' or '.', starting and ending"
                    + " with a letter or digit");
        }
    }

    private static void checkPositive(String option, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("provider option " + option + "='" + d
                    + "' must be a positive duration; use e.g. 30s or 5m");
        }
    }

    /** The label selector of this run's namespaces. */
    String selector() {
        return RunIdLabel.selector(runId);
    }
}
