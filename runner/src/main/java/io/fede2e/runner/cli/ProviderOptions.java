package io.fede2e.runner.cli;

import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterProviders;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The provider and the cluster: shared by {@code run}, {@code up}, {@code dump-logs}, {@code down}. */
public final class ProviderOptions {

    /** The default provider: the embedded hollow cluster. */
    public static final String DEFAULT_PROVIDER = "hollow";

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Cluster provider (see fede2e providers). Default: KUBERNETES_PROVIDER, else hollow.")
    String provider;

    @Option(names = "--provider-opt", paramLabel = "KEY=VALUE", description = "A provider option. Repeatable.")
    Map<String, String> providerOpts = new LinkedHashMap<>();

    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "Kubeconfig of an existing cluster (provider option kubeconfig).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (provider option context).")
    String context;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Worker nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION", defaultValue = "v1.33.0",
            description = "Kubernetes version to install (default: ${DEFAULT-VALUE}).")
    String kubernetesVersion;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name (default: fede2e-<job>-<build>).")
    String clusterName;

    @Mixin
    PluginsOption plugins = new PluginsOption();

    @Option(names = "--state", paramLabel = "FILE", defaultValue = "_output/cluster-state.json",
            description = "Where fede2e up records the cluster for test, dump-logs and down (default: ${DEFAULT-VALUE}).")
    Path state;

    /** The provider's name: the flag, else KUBERNETES_PROVIDER, else hollow. */
    String providerName(JenkinsEnv jenkins) {
        return provider != null ? provider : jenkins.provider().orElse(DEFAULT_PROVIDER);
    }

    /** The installed provider called {@code name}; unknown names are a usage error listing what is installed. */
    static ClusterProviderFactory factory(String name, Path dir) {
        List<ClusterProviderFactory> installed;
        try {
            installed = ClusterProviders.installed(ProviderOptions.class.getClassLoader(), dir);
        } catch (java.util.ServiceConfigurationError e) {
            throw new CliException(CliException.USAGE, "a provider plugin is broken (" + e.getMessage()
                    + "); remove or rebuild it");
        }
        return ClusterProviders.find(installed, name).orElseThrow(() -> new CliException(CliException.USAGE,
                "provider '" + name + "' is not installed; installed: "
                        + (installed.isEmpty() ? "none" : installed.stream().map(ClusterProviderFactory::name)
                        .collect(Collectors.joining(", ")))
                        + " (put a plugin jar into --plugins DIR, or see fede2e providers)"));
    }

    ClusterProviderFactory factory(JenkinsEnv jenkins, Env env) {
        return factory(providerName(jenkins), plugins.dir(env));
    }

    /** The provider options, --kubeconfig and --context included. */
    Map<String, String> options(Env env) {
        Map<String, String> o = new LinkedHashMap<>(providerOpts);
        if (kubeconfig != null) {
            o.put("kubeconfig", env.resolve(kubeconfig).toString());
        }
        if (context != null) {
            o.put("context", context);
        }
        return o;
    }

    /** Values of options the provider declares secret, to be masked everywhere. */
    static Set<String> secretValues(ClusterProviderFactory factory, Map<String, String> options) {
        Set<String> out = new TreeSet<>();
        for (ProviderOption o : factory.options()) {
            if (o.secret() && options.containsKey(o.name())) {
                out.add(options.get(o.name()));
            }
        }
        return out;
    }

    /** Warnings for options the provider does not declare (typos). */
    static List<String> unknownOptions(ClusterProviderFactory factory, Map<String, String> options) {
        Set<String> known = factory.options().stream().map(ProviderOption::name).collect(Collectors.toSet());
        return options.keySet().stream().filter(k -> !known.contains(k)).sorted()
                .map(k -> "provider " + factory.name() + " has no option '" + k + "'; known: "
                        + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))))
                .toList();
    }

    /** The cluster to create. */
    ClusterSpec spec(String defaultName, Map<String, String> options) {
        String name = clusterName != null ? clusterName : defaultName;
        try {
            return new ClusterSpec(name, nodes, kubernetesVersion, options);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
    }

    /**
     * The provider's own checks of {@code spec} and its credentials, before anything is created: a
     * failure is a usage error (exit 2) with the provider's one-line hint.
     */
    static ClusterSpec preflight(ClusterProviderFactory factory, ClusterSpec spec) {
        try {
            factory.preflight(spec);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "provider " + factory.name() + ": " + e.getMessage(), e);
        }
        return spec;
    }

    /** A valid cluster name made of {@code parts}: lowercase, dashes, at most 40 characters. */
    static String clusterName(String... parts) {
        String s = String.join("-", parts).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("-+", "-");
        if (s.length() > 40) {
            s = s.substring(0, 40);
        }
        s = s.replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "fede2e" : s;
    }
}
