package io.fede2e.runner.cli;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.JobName;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.lifecycle.RunJob;
import io.fede2e.runner.lifecycle.RunRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fede2e run}: the whole job. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole job: Up, Test, DumpLogs, Down, then upload the results.",
                "With no flags: the embedded hollow cluster, the built-in suite, results in ./_output/bucket."})
public final class RunCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    ResultsOptions results = new ResultsOptions();

    @Mixin
    ProviderOptions provider = new ProviderOptions();

    @Mixin
    SuiteOptions suite = new SuiteOptions();

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "_output/runs",
            description = "Local run directories, <DIR>/<job>/<build>/ (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--up", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Bring the cluster up (--no-up: reuse the cluster of --state). Default: E2E_UP, else true.")
    Boolean up;

    @Option(names = "--test", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Run the tests. Default: E2E_TEST, else true.")
    Boolean test;

    @Option(names = "--down", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Tear the cluster down (--down=false keeps it). Default: E2E_DOWN, else true.")
    Boolean down;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class, defaultValue = "6h",
            description = "Limit for the whole run; DumpLogs and Down keep --timeout-reserve of it (default: "
                    + "${DEFAULT-VALUE}, so that a hung run still tears its cluster down before the next night's).")
    Duration timeout;

    @Option(names = "--timeout-reserve", paramLabel = "DURATION", converter = Durations.class,
            description = "Part of --timeout kept for DumpLogs and Down (default: a fifth, at most 15m).")
    Duration reserve;

    @Option(names = "--dashboard", paramLabel = "DIR", description = "Afterwards, build the history site of the root into DIR.")
    Path dashboard;

    public RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Env env = context.env();
        JenkinsEnv jenkins = new JenkinsEnv(env);
        ClusterProviderFactory factory = provider.factory(jenkins, env);
        JobName job = results.job(jenkins, "local-" + factory.name());
        Optional<BuildId> build = results.build(jenkins);
        Map<String, String> options = provider.options(env);
        context.console().addSecrets(ProviderOptions.secretValues(factory, options));
        ProviderOptions.unknownOptions(factory, options).forEach(w -> context.console().err().println("fede2e: warning: " + w));
        Duration reserveValue = reserve;
        if (timeout != null && reserveValue == null) {
            reserveValue = timeout.dividedBy(5).compareTo(Duration.ofMinutes(15)) > 0 ? Duration.ofMinutes(15)
                    : timeout.dividedBy(5);
        }
        if (timeout != null && reserveValue.compareTo(timeout) >= 0) {
            throw new CliException(CliException.USAGE, "--timeout-reserve " + reserve + " must be shorter than --timeout "
                    + timeout);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        jenkins.buildUrl().ifPresent(u -> metadata.put("build-url", u));
        String clusterName = ProviderOptions.clusterName("fede2e", job.value(), build.map(BuildId::toString)
                .orElse(Long.toString(env.clock().millis() % 100000)));
        RunRequest request = new RunRequest(job, build, results.root(jenkins, env), results.storeOptions(env),
                env.resolve(runsDir), factory, ProviderOptions.preflight(factory, provider.spec(clusterName, options)),
                up != null ? up : jenkins.up().orElse(true),
                test != null ? test : jenkins.test().orElse(true),
                down != null ? down : jenkins.down().orElse(true),
                env.resolve(provider.state), suite.config(jenkins, env), timeout, reserveValue == null
                ? Duration.ZERO : reserveValue, metadata, jenkins.node().orElse(""),
                dashboard == null ? null : env.resolve(dashboard));
        return new RunJob(request, env, context.console(), context.sinks()).run();
    }
}
