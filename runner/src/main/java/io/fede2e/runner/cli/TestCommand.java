package io.fede2e.runner.cli;

import io.fede2e.e2e.E2eParameters;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.JUnitWriter;
import io.fede2e.layout.junit.TestSuite;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.Phases;
import io.fede2e.runner.lifecycle.ClusterState;
import io.fede2e.runner.lifecycle.ProviderLink;
import io.fede2e.runner.lifecycle.ShardedBuild;
import io.fede2e.runner.lifecycle.Signals;
import io.fede2e.runner.suite.LiveProgress;
import io.fede2e.runner.suite.Shard;
import io.fede2e.runner.suite.SuiteConfig;
import io.fede2e.runner.suite.SuiteControl;
import io.fede2e.runner.suite.SuiteResult;
import io.fede2e.runner.suite.SuiteRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fede2e test}: runs the suite against the cluster of a state file (or a kubeconfig). */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the e2e suite against the cluster of fede2e up (or --kubeconfig).",
                "Writes junit_01.xml and progress.json into --artifacts; with --shard K/N, junit_0K.xml and progress_0K.json."})
public final class TestCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    SuiteOptions suite = new SuiteOptions();

    @Mixin
    StateFileOption stateFile = new StateFileOption();

    @Option(names = "--kubeconfig", paramLabel = "PATH", description = "Test this cluster instead of the state file's.")
    Path kubeconfig;

    @Option(names = "--capabilities", paramLabel = "LIST", split = ",",
            description = "With --kubeconfig: the cluster's capabilities, comma-separated.")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--artifacts", paramLabel = "DIR", defaultValue = "_output/artifacts",
            description = "Where junit_01.xml and progress.json go (default: ${DEFAULT-VALUE}).")
    Path artifacts;

    public TestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Env env = context.env();
        JenkinsEnv jenkins = new JenkinsEnv(env);
        Map<String, String> params = new LinkedHashMap<>();
        String providerName;
        String runId = null;
        if (kubeconfig != null) {
            params.put(E2eParameters.KUBECONFIG, env.resolve(kubeconfig).toString());
            params.put(E2eParameters.CAPABILITIES, String.join(",", capabilities));
            providerName = "existing";
        } else {
            ClusterState s = ClusterState.read(env.resolve(stateFile.state));
            params.put(E2eParameters.KUBECONFIG, s.kubeconfig());
            params.put(E2eParameters.CAPABILITIES, String.join(",", s.capabilities()));
            providerName = s.provider();
            // The provider's Down deletes the namespaces labelled with its run id: the tests must use it.
            runId = Optional.ofNullable(s.state().get(ProviderLink.RUN_ID))
                    .or(() -> Optional.ofNullable(s.options().get(ProviderLink.RUN_ID)))
                    .filter(v -> !v.isBlank()).orElse(null);
        }
        readKubeconfigSecrets(Path.of(params.get(E2eParameters.KUBECONFIG)));
        Phases.mark("state file and kubeconfig read");
        Path dir = env.resolve(artifacts);
        Files.createDirectories(dir);
        params.put(E2eParameters.ARTIFACTS, dir.toString());
        params.put(E2eParameters.PROVIDER, providerName);
        params.put(E2eParameters.RUN_ID, runId != null ? runId : "test-" + env.clock().millis());
        SuiteConfig config = suite.config(jenkins, env).withParameters(params);
        SuiteControl control = new SuiteControl();
        String[] signal = {null};
        // Shards of one build upload into one artifacts directory: each writes files of its own.
        Shard shard = config.selection().shard();
        LiveProgress progress = new LiveProgress(context.console(), dir.resolve(ShardedBuild.progressName(shard)),
                System::nanoTime);
        SuiteResult result;
        try (AutoCloseable signals = env.handleSignals() ? Signals.install(name -> {
            signal[0] = name;
            context.console().err().println("fede2e: received " + name + ": stopping the tests");
            control.interrupt("aborted by " + name);
        }) : () -> { }) {
            result = new SuiteRunner(config, context.console().redactor()).run(progress, control);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        progress.close();
        Phases.mark("suite ran");
        byte[] xml = JUnitWriter.toBytes(new JUnitReport(List.of(TestSuite.of("fede2e e2e suite", result.executions()))));
        Path junit = dir.resolve(ShardedBuild.junitName(shard));
        Path tmp = dir.resolve(junit.getFileName() + ".tmp");
        Files.write(tmp, xml);
        Files.move(tmp, junit, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        var out = context.console().out();
        out.println(result.finalResults().size() + " tests: " + result.passed() + " passed, " + result.failed().size()
                + " failed, " + result.skipped() + " skipped, " + result.flaky().size() + " flaky");
        result.failed().forEach(n -> out.println("  FAILED " + n));
        result.flaky().forEach(n -> out.println("  FLAKY " + n));
        out.println("Results: " + junit);
        Phases.mark("junit written");
        if (signal[0] != null) {
            return CliException.ABORTED;
        }
        return result.success() ? CliException.OK : CliException.TEST_FAILURE;
    }

    private void readKubeconfigSecrets(Path kc) {
        try {
            if (Files.isRegularFile(kc)) {
                context.console().addSecrets(io.fede2e.runner.lifecycle.KubeconfigSecrets.values(Files.readString(kc)));
            }
        } catch (IOException e) {
            context.console().err().println("fede2e: warning: cannot read " + kc + ": " + e.getMessage());
        }
    }
}
