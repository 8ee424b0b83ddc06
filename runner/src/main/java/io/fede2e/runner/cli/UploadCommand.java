package io.fede2e.runner.cli;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.JobName;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.publish.ResultsSink;
import io.fede2e.uploader.ObjectStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fede2e upload}: uploads a local run directory into the layout, in Prow's order. */
@Command(name = "upload", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upload a run directory (started.json, build-log.txt, artifacts/, finished.json) to a results root.",
                "Exit codes: 0 uploaded, 1 upload failed, 2 usage or configuration error."})
public final class UploadCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--from", paramLabel = "DIR", required = true, description = "The local run directory.")
    Path from;

    @Mixin
    ResultsOptions results = new ResultsOptions();

    @Option(names = "--phase", paramLabel = "PHASE", defaultValue = "all",
            description = "started (only started.json), finished (the rest), or all (default: ${DEFAULT-VALUE}).")
    String phase;

    public UploadCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Env env = context.env();
        JenkinsEnv jenkins = new JenkinsEnv(env);
        ResultsSink.Phase p = switch (phase.toLowerCase(Locale.ROOT)) {
            case "started" -> ResultsSink.Phase.STARTED;
            case "finished" -> ResultsSink.Phase.FINISHED;
            case "all" -> ResultsSink.Phase.ALL;
            default -> throw new CliException(CliException.USAGE, "--phase '" + phase
                    + "' is unknown; use started, finished or all");
        };
        if (results.job == null && jenkins.job().isEmpty()) {
            throw new CliException(CliException.USAGE, "no job: pass --job JOB or set JOB_NAME");
        }
        JobName job = results.job(jenkins, "");
        Optional<BuildId> build = results.build(jenkins);
        if (build.isEmpty() && p == ResultsSink.Phase.FINISHED) {
            throw new CliException(CliException.USAGE, "--phase finished needs the build id the started phase got: "
                    + "pass --build N or set BUILD_NUMBER");
        }
        Path dir = env.resolve(from);
        if (!Files.isDirectory(dir)) {
            throw new CliException(CliException.USAGE, "--from " + dir + " is not a directory; give a run directory "
                    + "holding started.json");
        }
        String root = results.root(jenkins, env);
        ResultsSink sink;
        try {
            sink = context.sinks().open(root, results.storeOptions(env));
        } catch (ObjectStoreException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        try (sink) {
            List<String> written = sink.upload(dir, job, build, p);
            context.console().out().println("uploaded " + written.size() + " objects from " + dir + " to " + sink.root());
            return CliException.OK;
        } catch (ObjectStoreException e) {
            throw new CliException(CliException.TEST_FAILURE, "upload failed: " + e.getMessage(), e);
        }
    }
}
