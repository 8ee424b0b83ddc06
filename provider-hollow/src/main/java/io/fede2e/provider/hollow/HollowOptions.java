package io.fede2e.provider.hollow;

import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import io.fede2e.provider.hollow.controllers.HollowSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The provider options of {@code hollow} ({@code --provider-opt key=value}) and how they map onto the
 * API server and {@link HollowSettings}.
 *
 * @param port the API server's port on 127.0.0.1, 0 for a free one
 * @param settings the controllers' settings
 * @param readyTimeout how long {@code up} waits for every node to be Ready
 */
record HollowOptions(int port, HollowSettings settings, Duration readyTimeout) {

    static final String PORT = "port";
    static final String NODE_CPU = "node-cpu";
    static final String NODE_MEMORY = "node-memory";
    static final String MAX_PODS = "max-pods-per-node";
    static final String POD_STARTUP_DELAY = "pod-startup-delay";
    static final String JOB_DURATION = "job-duration";
    static final String TERMINATION_CAP = "termination-delay-cap";
    static final String LEASE_INTERVAL = "lease-interval";
    static final String WORKER_THREADS = "worker-threads";
    static final String EVENT_QUEUE = "event-queue";
    static final String READY_TIMEOUT = "ready-timeout";

    private static final HollowSettings DEFAULTS = HollowSettings.defaults(1);

    /** HollowSettings' component names and the options that set them, for error messages. */
    private static final String[][] SETTING_NAMES = {
        {"nodeCpu", NODE_CPU}, {"nodeMemory", NODE_MEMORY}, {"maxPodsPerNode", MAX_PODS},
        {"podStartupDelay", POD_STARTUP_DELAY}, {"jobPodRunDuration", JOB_DURATION},
        {"terminationDelayCap", TERMINATION_CAP}, {"leaseHeartbeatInterval", LEASE_INTERVAL},
        {"workerThreads", WORKER_THREADS}, {"eventQueueCapacity", EVENT_QUEUE}};

    /** The options of the hollow nodes and kubelets, which the kubemark provider shares. */
    static final List<ProviderOption> NODE_OPTIONS = List.of(
            ProviderOption.of(NODE_CPU, "cpu capacity of each hollow node (a quantity)", DEFAULTS.nodeCpu()),
            ProviderOption.of(NODE_MEMORY, "memory capacity of each hollow node (a quantity)", DEFAULTS.nodeMemory()),
            ProviderOption.of(MAX_PODS, "pods each hollow node accepts", Integer.toString(DEFAULTS.maxPodsPerNode())),
            ProviderOption.of(POD_STARTUP_DELAY, "time from binding to Running", text(DEFAULTS.podStartupDelay())),
            ProviderOption.of(JOB_DURATION, "how long a run-to-completion pod runs", text(DEFAULTS.jobPodRunDuration())),
            ProviderOption.of(TERMINATION_CAP, "longest time a deleted pod lingers (its grace period at most)",
                    text(DEFAULTS.terminationDelayCap())),
            ProviderOption.of(LEASE_INTERVAL, "how often nodes renew their Lease",
                    text(DEFAULTS.leaseHeartbeatInterval())),
            ProviderOption.of(WORKER_THREADS, "worker threads of the busy controllers",
                    Integer.toString(DEFAULTS.workerThreads())),
            ProviderOption.of(EVENT_QUEUE, "Events waiting to be written; 0 turns Events off",
                    Integer.toString(DEFAULTS.eventQueueCapacity())),
            ProviderOption.of(READY_TIMEOUT, "how long up waits for the nodes to be Ready", "2m"));

    /** Every option with its default, as {@code fede2e providers} lists them. */
    static final List<ProviderOption> ALL = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(ProviderOption.of(PORT, "API server port on 127.0.0.1; 0 picks a free one", "0")),
            NODE_OPTIONS.stream()).toList();

    private static final Set<String> NAMES = names(ALL);

    static Set<String> names(List<ProviderOption> options) {
        return options.stream().map(ProviderOption::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Reads the options of {@code spec}.
     *
     * @throws IllegalArgumentException naming the option when one is unknown or malformed
     */
    static HollowOptions from(ClusterSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!NAMES.contains(key)) {
                throw new IllegalArgumentException("provider option " + key + " is not known to the hollow provider; "
                        + "use one of " + String.join(", ", NAMES));
            }
        }
        int port = spec.intOption(PORT, 0);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("provider option port='" + port
                    + "' is out of range; pass --provider-opt port=<0-65535>");
        }
        return new HollowOptions(port, settings(spec, "hollow"), readyTimeout(spec));
    }

    /**
     * The node and kubelet settings of {@code spec}'s {@link #NODE_OPTIONS}; unknown keys are the caller's
     * business.
     *
     * @param provider the provider's name, for the error message
     * @throws IllegalArgumentException naming the option when one is malformed
     */
    static HollowSettings settings(ClusterSpec spec, String provider) {
        HollowSettings settings;
        try {
            settings = HollowSettings.defaults(spec.nodeCount())
                    .withNodeCapacity(spec.option(NODE_CPU, DEFAULTS.nodeCpu()),
                            spec.option(NODE_MEMORY, DEFAULTS.nodeMemory()),
                            spec.intOption(MAX_PODS, DEFAULTS.maxPodsPerNode()))
                    .withDelays(spec.durationOption(POD_STARTUP_DELAY, DEFAULTS.podStartupDelay()),
                            spec.durationOption(JOB_DURATION, DEFAULTS.jobPodRunDuration()),
                            spec.durationOption(TERMINATION_CAP, DEFAULTS.terminationDelayCap()))
                    .withLeaseHeartbeatInterval(spec.durationOption(LEASE_INTERVAL, DEFAULTS.leaseHeartbeatInterval()))
                    .withWorkerThreads(spec.intOption(WORKER_THREADS, DEFAULTS.workerThreads()))
                    .withEventQueueCapacity(spec.intOption(EVENT_QUEUE, DEFAULTS.eventQueueCapacity()));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("provider option")) {
                throw e;
            }
            String message = String.valueOf(e.getMessage());
            for (String[] names : SETTING_NAMES) {
                message = message.replace(names[0], "provider option " + names[1]);
            }
            throw new IllegalArgumentException(provider + " provider options are not usable: " + message, e);
        }
        return settings;
    }

    /** The {@value #READY_TIMEOUT} option: how long Up waits for the nodes to be Ready. */
    static Duration readyTimeout(ClusterSpec spec) {
        Duration ready = spec.durationOption(READY_TIMEOUT, Duration.ofMinutes(2));
        if (ready.isZero() || ready.isNegative()) {
            throw new IllegalArgumentException("provider option ready-timeout must be positive, e.g. 2m");
        }
        return ready;
    }

    private static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
