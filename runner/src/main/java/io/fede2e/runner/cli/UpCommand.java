package io.fede2e.runner.cli;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.Reattachable;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.lifecycle.ClusterState;
import io.fede2e.runner.lifecycle.ProviderLink;
import io.fede2e.runner.lifecycle.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fede2e up}: creates a cluster and records it in the state file for {@code test},
 * {@code dump-logs} and {@code down}. A cluster that lives in this process (the hollow one)
 * is served in the foreground until SIGINT or SIGTERM, then torn down.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create a cluster and record it in the state file.",
                "An in-process cluster (hollow) is served until Ctrl-C; use fede2e test from another terminal."})
public final class UpCommand implements Callable<Integer> {

    /** State key with which a provider says its cluster lives in the process that created it. */
    public static final String IN_PROCESS = "in-process";
    /** State key naming the process that serves the cluster (the hollow provider's convention). */
    public static final String PID = "pid";

    private final CliContext context;

    @Mixin
    ProviderOptions provider = new ProviderOptions();

    @Option(names = "--foreground", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Serve until interrupted, then tear down. Default: when the cluster lives in this process.")
    Boolean foreground;

    public UpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Env env = context.env();
        JenkinsEnv jenkins = new JenkinsEnv(env);
        ClusterProviderFactory factory = provider.factory(jenkins, env);
        Map<String, String> options = provider.options(env);
        context.console().addSecrets(ProviderOptions.secretValues(factory, options));
        ProviderOptions.unknownOptions(factory, options).forEach(w -> context.console().err().println("fede2e: warning: " + w));
        Path stateFile = env.resolve(provider.state);
        if (Files.exists(stateFile)) {
            throw new CliException(CliException.USAGE, "state file " + stateFile + " exists: a cluster is already up; "
                    + "run fede2e down first, or pass another --state FILE");
        }
        Path partial = ClusterState.partial(stateFile);
        if (Files.exists(partial)) {
            throw new CliException(CliException.USAGE, partial + " exists: a fede2e up was stopped during Up; run "
                    + "fede2e down --state " + stateFile + " first, or pass another --state FILE");
        }
        ClusterSpec spec = ProviderOptions.preflight(factory,
                provider.spec(ProviderOptions.clusterName("fede2e", factory.name()), options));
        ClusterProvider cluster = factory.create();
        CountDownLatch stop = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        boolean[] upDone = {false};
        try (AutoCloseable signals = env.handleSignals() ? Signals.install(name -> {
            context.console().err().println("fede2e: received " + name + ": tearing the cluster down");
            if (!upDone[0]) {
                main.interrupt();
            }
            stop.countDown();
        }) : () -> { }) {
            Map<String, String> kept = new LinkedHashMap<>(options);
            factory.options().stream().filter(o -> o.secret()).forEach(o -> kept.remove(o.name()));
            try {
                context.console().out().println("Up: creating cluster with " + factory.name());
                ProviderLink.declareSecretsTo(context.console(), cluster);
                if (cluster instanceof Reattachable r) {
                    // A fede2e up killed during Up leaves a partial state that fede2e down --state can use;
                    // the state file itself still appears only once the cluster is up (scripts wait for it).
                    r.checkpointStateTo(s -> new ClusterState(factory.name(), kept, s, "", List.of()).write(partial));
                }
                cluster.up(spec);
                ProviderLink.learnSecrets(context.console(), cluster);
                upDone[0] = true;
            } catch (ProviderException e) {
                Thread.interrupted();
                ProviderLink.learnSecrets(context.console(), cluster);
                cluster.down();
                Files.deleteIfExists(partial);
                throw new CliException(CliException.INFRASTRUCTURE, "Up failed: " + e.getMessage(), e);
            }
            Map<String, String> saved = cluster instanceof Reattachable r ? r.saveState() : Map.of();
            new ClusterState(factory.name(), kept, saved, String.valueOf(cluster.kubeconfig()),
                    cluster.capabilities().stream().map(Capability::name).toList()).write(stateFile);
            Files.deleteIfExists(partial);
            context.console().out().println("Cluster is up. kubeconfig: " + cluster.kubeconfig());
            context.console().out().println("  kubectl --kubeconfig " + cluster.kubeconfig() + " get nodes");
            context.console().out().println("  fede2e test --state " + stateFile);
            boolean serve = foreground != null ? foreground
                    : !(cluster instanceof Reattachable) || "true".equals(saved.get(IN_PROCESS))
                    || Long.toString(ProcessHandle.current().pid()).equals(saved.get(PID));
            if (!serve) {
                context.console().out().println("Tear it down with: fede2e down --state " + stateFile);
                return CliException.OK;
            }
            context.console().out().println("Serving in the foreground; press Ctrl-C to tear it down.");
            stop.await();
            Thread.interrupted();
            context.console().out().println("Down: tearing down the cluster");
            cluster.down();
            Files.deleteIfExists(stateFile);
            return CliException.ABORTED;
        } catch (InterruptedException e) {
            Thread.interrupted();
            cluster.down();
            Files.deleteIfExists(stateFile);
            return CliException.ABORTED;
        }
    }
}
