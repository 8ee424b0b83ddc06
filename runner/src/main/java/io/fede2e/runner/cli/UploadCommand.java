package io.fede2e.runner.cli;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.Finished;
import io.fede2e.layout.JobName;
import io.fede2e.layout.LayoutException;
import io.fede2e.layout.Started;
import io.fede2e.layout.junit.JUnitFormatException;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.JUnitWriter;
import io.fede2e.layout.junit.TestSuite;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.Version;
import io.fede2e.runner.lifecycle.ShardedBuild;
import io.fede2e.runner.lifecycle.StepLog;
import io.fede2e.runner.publish.ResultsSink;
import io.fede2e.runner.suite.Shard;
import io.fede2e.uploader.ObjectStoreException;
import io.fede2e.uploader.RunDirScrubber;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fede2e upload}: uploads a local run directory into the layout, in Prow's order; and the
 * phases of one build made by several agents (started once, a shard's results each, finished last).
 */
@Command(name = "upload", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upload a run directory (started.json, build-log.txt, artifacts/, finished.json) to a results root.",
                "A build made by N shards: --phase started once (writes started.json when the directory has none),",
                "--phase shard --shard K/N on each agent, then --phase finished --shards N --step Up=0 ... last.",
                "Exit codes: 0 uploaded, 1 upload failed, 2 usage or configuration error."})
public final class UploadCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--from", paramLabel = "DIR", required = true, description = "The local run directory.")
    Path from;

    @Mixin
    ResultsOptions results = new ResultsOptions();

    @Option(names = "--phase", paramLabel = "PHASE", defaultValue = "all",
            description = "started (only started.json), shard (one shard's files into a started build), finished "
                    + "(the rest, then finished.json), or all (default: ${DEFAULT-VALUE}).")
    String phase;

    @Option(names = "--shard", paramLabel = "K/N", description = "With --phase shard: which shard this is.")
    String shard;

    @Option(names = "--shards", paramLabel = "N",
            description = "With --phase finished: the build was made by N shards; junit_runner.xml and finished.json"
                    + " combine the --step results with the shards' junit_0K.xml in the bucket.")
    Integer shards;

    @Option(names = "--step", paramLabel = "NAME=CODE",
            description = "With --shards: a step the pipeline ran and its exit code (130: aborted), in order. "
                    + "Repeatable, e.g. --step Up=0 --step DumpLogs=0 --step Down=0.")
    List<String> steps = new ArrayList<>();

    public UploadCommand(CliContext context) {
        this.context = context;
    }

    private enum Kind { STARTED, SHARD, FINISHED, ALL }

    @Override
    public Integer call() throws IOException {
        Env env = context.env();
        JenkinsEnv jenkins = new JenkinsEnv(env);
        Kind kind = switch (phase.toLowerCase(Locale.ROOT)) {
            case "started" -> Kind.STARTED;
            case "shard" -> Kind.SHARD;
            case "finished" -> Kind.FINISHED;
            case "all" -> Kind.ALL;
            default -> throw new CliException(CliException.USAGE, "--phase '" + phase
                    + "' is unknown; use started, shard, finished or all");
        };
        Optional<Shard> thisShard = checkShardOptions(kind);
        List<ShardedBuild.Step> stepResults = parseSteps();
        if (results.job == null && jenkins.job().isEmpty()) {
            throw new CliException(CliException.USAGE, "no job: pass --job JOB or set JOB_NAME");
        }
        JobName job = results.job(jenkins, "");
        Optional<BuildId> build = results.build(jenkins);
        if (build.isEmpty() && (kind == Kind.FINISHED || kind == Kind.SHARD)) {
            throw new CliException(CliException.USAGE, "--phase " + phase.toLowerCase(Locale.ROOT)
                    + " needs the build id the started phase got: pass --build N or set BUILD_NUMBER");
        }
        Path dir = env.resolve(from);
        if (kind == Kind.STARTED || shards != null) {
            Files.createDirectories(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException(CliException.USAGE, "--from " + dir + " is not a directory; give a run directory "
                    + "holding started.json");
        }
        if (kind == Kind.SHARD) {
            checkShardDirectory(dir, thisShard.orElseThrow());
        }
        if (kind != Kind.STARTED) {
            scrub(dir);
        }
        String root = results.root(jenkins, env);
        ResultsSink sink;
        try {
            sink = context.sinks().open(root, results.storeOptions(env));
        } catch (ObjectStoreException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        try (sink) {
            List<String> written = switch (kind) {
                case STARTED -> {
                    writeStartedIfMissing(dir, jenkins, env);
                    yield sink.upload(dir, job, build, ResultsSink.Phase.STARTED);
                }
                case SHARD -> sink.addToBuild(dir, new BuildPaths(job, build.orElseThrow()));
                case FINISHED -> {
                    if (shards != null) {
                        combineShards(sink, new BuildPaths(job, build.orElseThrow()), dir, stepResults);
                    }
                    yield sink.upload(dir, job, build, ResultsSink.Phase.FINISHED);
                }
                case ALL -> sink.upload(dir, job, build, ResultsSink.Phase.ALL);
            };
            context.console().out().println("uploaded " + written.size() + " objects from " + dir + " to " + sink.root());
            return CliException.OK;
        } catch (ObjectStoreException e) {
            throw new CliException(CliException.TEST_FAILURE, "upload failed: " + e.getMessage(), e);
        }
    }

    /**
     * The same scrub as {@code fede2e run}'s: a directory made by {@code fede2e test} and
     * {@code fede2e dump-logs}, or by hand, holds files nobody redacted (an upstream suite's e2e.log).
     */
    private void scrub(Path dir) {
        RunDirScrubber.Result scrub;
        try {
            scrub = RunDirScrubber.scrubForUpload(dir, context.console().redactor());
        } catch (IOException | RuntimeException e) {
            throw new CliException(CliException.TEST_FAILURE, "upload failed: cannot redact " + dir + " ("
                    + e.getMessage() + "); nothing was uploaded");
        }
        if (!scrub.notScrubbed().isEmpty()) {
            context.console().err().println("fede2e: warning: " + scrub.notScrubbed().size() + " file(s) could not be"
                    + " redacted and are not uploaded (kept in " + dir.getFileName() + RunDirScrubber.NOT_UPLOADED_SUFFIX
                    + "):");
            scrub.notScrubbed().forEach(p -> context.console().err().println("  " + p));
        }
    }

    private Optional<Shard> checkShardOptions(Kind kind) {
        if (kind == Kind.SHARD && shard == null) {
            throw new CliException(CliException.USAGE, "--phase shard needs --shard K/N: which shard's files these are");
        }
        if (kind != Kind.SHARD && shard != null) {
            throw new CliException(CliException.USAGE, "--shard is for --phase shard; the final phase takes --shards N");
        }
        if (kind != Kind.FINISHED && (shards != null || !steps.isEmpty())) {
            throw new CliException(CliException.USAGE, "--shards and --step are for --phase finished");
        }
        if (shards == null && !steps.isEmpty()) {
            throw new CliException(CliException.USAGE, "--step needs --shards N: steps are recorded for a sharded build");
        }
        if (shards != null && shards < 1) {
            throw new CliException(CliException.USAGE, "--shards " + shards + " must be at least 1");
        }
        try {
            return shard == null ? Optional.empty() : Optional.of(Shard.parse(shard));
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "--shard: " + e.getMessage(), e);
        }
    }

    private List<ShardedBuild.Step> parseSteps() {
        try {
            return steps.stream().map(ShardedBuild.Step::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "--step: " + e.getMessage(), e);
        }
    }

    /** A shard adds files to a build others share: it must not carry the files that are the build's own. */
    private static void checkShardDirectory(Path dir, Shard s) {
        for (String own : List.of(BuildPaths.STARTED, BuildPaths.FINISHED, BuildPaths.BUILD_LOG)) {
            if (Files.exists(dir.resolve(own))) {
                throw new CliException(CliException.USAGE, dir.resolve(own) + " would replace the build's own " + own
                        + ": a shard uploads only its artifacts/; move it under artifacts/ or out of " + dir);
            }
        }
        Path junit = dir.resolve(BuildPaths.ARTIFACTS).resolve(ShardedBuild.junitName(s));
        if (!Files.isRegularFile(junit)) {
            throw new CliException(CliException.USAGE, "shard " + s + " has no " + junit + ": run fede2e test --shard "
                    + s + " --artifacts " + dir.resolve(BuildPaths.ARTIFACTS) + " first");
        }
    }

    private void writeStartedIfMissing(Path dir, JenkinsEnv jenkins, Env env) throws IOException {
        Path file = dir.resolve(BuildPaths.STARTED);
        if (Files.exists(file)) {
            return;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("runner-version", Version.current());
        jenkins.buildUrl().ifPresent(u -> metadata.put("build-url", u));
        Started started = new Started(env.clock().instant().getEpochSecond(), jenkins.node().orElse(""), Map.of(), "",
                metadata, Map.of());
        StepLog.writeAtomically(file, started.toJson());
    }

    /**
     * Writes junit_runner.xml and finished.json of a sharded build into {@code dir}, from the steps
     * and the shards' junit files in the bucket; the FINISHED phase then uploads them.
     */
    private void combineShards(ResultsSink sink, BuildPaths paths, Path dir, List<ShardedBuild.Step> stepResults)
            throws IOException {
        Path startedFile = dir.resolve(BuildPaths.STARTED);
        Started started;
        Optional<byte[]> remote = sink.read(paths, BuildPaths.STARTED);
        if (remote.isEmpty()) {
            throw new CliException(CliException.TEST_FAILURE, "build " + paths.job() + " #" + paths.build()
                    + " was never started: " + paths.started() + " is missing in " + sink.root()
                    + "; run fede2e upload --phase started first");
        }
        try {
            started = Started.parse(remote.get(), paths.started());
        } catch (LayoutException e) {
            throw new CliException(CliException.TEST_FAILURE, e.getMessage(), e);
        }
        if (!Files.exists(startedFile)) {
            StepLog.writeAtomically(startedFile, started.toJson());
        }
        JUnitReader reader = JUnitReader.create();
        List<Optional<JUnitReport>> reports = new ArrayList<>();
        for (int k = 1; k <= shards; k++) {
            String name = BuildPaths.ARTIFACTS + "/" + ShardedBuild.junitName(new Shard(k, shards));
            Optional<byte[]> bytes = sink.read(paths, name);
            Optional<JUnitReport> report = Optional.empty();
            if (bytes.isPresent()) {
                try {
                    report = Optional.of(reader.read(new ByteArrayInputStream(bytes.get()), paths.file(name)));
                } catch (JUnitFormatException e) {
                    context.console().err().println("fede2e: warning: " + e.getMessage());
                }
            }
            reports.add(report);
        }
        ShardedBuild.Verdict verdict = ShardedBuild.combine(stepResults, reports, context.console().redactor());
        StepLog.writeAtomically(dir.resolve(BuildPaths.ARTIFACTS).resolve(BuildPaths.JUNIT_RUNNER),
                JUnitWriter.toBytes(new JUnitReport(List.of(TestSuite.of(StepLog.SUITE, verdict.steps())))));
        Map<String, Object> metadata = new LinkedHashMap<>(started.metadata());
        metadata.put("job-version", Version.current());
        metadata.put("shards", shards);
        Finished finished = Finished.of(context.env().clock().instant().getEpochSecond(), verdict.result(), metadata);
        StepLog.writeAtomically(dir.resolve(BuildPaths.FINISHED), finished.toJson());
        context.console().out().println("build " + paths.job() + " #" + paths.build() + ": " + verdict.result()
                + " (" + shards + " shards" + (verdict.missingShards().isEmpty() ? ""
                : ", no results from " + verdict.missingShards()) + ")");
    }
}
