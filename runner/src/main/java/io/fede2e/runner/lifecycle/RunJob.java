package io.fede2e.runner.lifecycle;

import io.fede2e.dashboard.Dashboard;
import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.e2e.E2eParameters;
import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.layout.Started;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.JUnitWriter;
import io.fede2e.layout.junit.TestSuite;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.Reattachable;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.Version;
import io.fede2e.runner.console.Console;
import io.fede2e.runner.publish.ResultsSink;
import io.fede2e.runner.publish.ResultsSinks;
import io.fede2e.runner.suite.LiveProgress;
import io.fede2e.runner.suite.SuiteConfig;
import io.fede2e.runner.suite.SuiteControl;
import io.fede2e.runner.suite.SuiteResult;
import io.fede2e.runner.suite.SuiteRunner;
import io.fede2e.uploader.ObjectStoreException;
import io.fede2e.uploader.RunDirScrubber;
import io.fede2e.uploader.Uploader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code fede2e run}: Init, Up, Test, DumpLogs, Down, Upload, in kubetest2's order. Down runs
 * whenever Up was attempted, whatever happened after it: test failures, the test and global
 * timeouts, SIGINT and SIGTERM. DumpLogs runs before Down, also when Up failed, and its
 * failure only warns.
 */
public final class RunJob {

    /** Step names in junit_runner.xml. */
    public static final String UP = "Up";
    public static final String TEST = "Test";
    public static final String DUMP_LOGS = "DumpLogs";
    public static final String DOWN = "Down";

    /** Beside the run directory {@code <build>}: the cluster's state while it is up, for fede2e down. */
    static final String RECOVERY_STATE_SUFFIX = ".cluster-state.json";

    private enum Phase { INIT, UP, TEST, DUMP_LOGS, DOWN, UPLOAD }

    private final RunRequest request;
    private final Env env;
    private final Console console;
    private final ResultsSinks sinks;
    private final SuiteControl suiteControl = new SuiteControl();
    private final Thread lifecycleThread = Thread.currentThread();
    private volatile Phase phase = Phase.INIT;
    private volatile String abortSignal;
    private volatile String timeoutReason;
    private volatile boolean downStarted;
    private final long runStartNanos = System.nanoTime();
    private Path recoveryState;
    private Path runDirectory;

    public RunJob(RunRequest request, Env env, Console console, ResultsSinks sinks) {
        this.request = request;
        this.env = env;
        this.console = console;
        this.sinks = sinks;
    }

    /** Runs the job and returns the exit code. */
    public int run() {
        ResultsSink sink;
        try {
            sink = sinks.open(request.root(), request.storeOptions());
        } catch (ObjectStoreException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        try (sink) {
            return run(sink);
        }
    }

    private int run(ResultsSink sink) {
        long startNanos = runStartNanos;
        Path jobDir = request.runsDir().resolve(request.job().value());
        Path staging = jobDir.resolve(".starting-" + UUID.randomUUID());
        Map<String, Object> metadata = metadata();
        Started started = new Started(env.clock().instant().getEpochSecond(), request.node(), Map.of(), "",
                metadata, Map.of());
        BuildId build;
        Path runDir;
        String localNote = null;
        // Everything local is checked and prepared before started.json is uploaded: once it is, the
        // build exists for every reader and must end with a finished.json, whatever happens here.
        if (request.build().isPresent() && Files.exists(jobDir.resolve(request.build().get().toString()))) {
            throw new CliException(CliException.USAGE, "local run directory " + jobDir.resolve(
                    request.build().get().toString()) + " already exists (from a run against another bucket?); "
                    + "move it away and run again (nothing was written to " + sink.root() + ")");
        }
        try {
            Files.createDirectories(staging);
            Files.write(staging.resolve(BuildPaths.STARTED), started.toJson());
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new CliException(CliException.INFRASTRUCTURE, "cannot create the run directory under " + jobDir
                    + ": " + e.getMessage() + " (nothing was written to " + sink.root() + ")");
        }
        try {
            build = sink.start(staging, request.job(), request.build());
        } catch (ObjectStoreException e) {
            deleteQuietly(staging);
            throw new CliException(CliException.INFRASTRUCTURE, "cannot start the build in " + sink.root() + ": "
                    + e.getMessage(), e);
        }
        runDir = jobDir.resolve(build.toString());
        for (int n = 2; Files.exists(runDir); n++) {
            // An allocated id can meet a local directory of a run against another bucket: the build
            // is started, so it runs here rather than being refused and left unfinished.
            runDir = jobDir.resolve(build + "-" + n);
        }
        try {
            Files.move(staging, runDir);
        } catch (IOException e) {
            localNote = "cannot rename " + staging + " to " + runDir + " (" + e.getMessage() + "): the run stays in "
                    + staging;
            runDir = staging;
        }
        if (localNote == null && !runDir.getFileName().toString().equals(build.toString())) {
            localNote = "local directory " + jobDir.resolve(build.toString()) + " already exists (from a run against "
                    + "another bucket?): this run's local copy is " + runDir;
        }
        BuildPaths paths = new BuildPaths(request.job(), build);
        runDirectory = runDir;
        try {
            console.attachLog(runDir.resolve(BuildPaths.BUILD_LOG));
        } catch (java.io.UncheckedIOException e) {
            // The build is started: it goes on without a log file rather than never finishing.
            console.err().println("fede2e: warning: " + e.getMessage() + "; the console output is not kept");
        }
        Path artifacts = runDir.resolve(BuildPaths.ARTIFACTS);
        console.out().println("fede2e " + Version.current() + ": job " + request.job() + " build " + build
                + ", provider " + request.factory().name() + ", results to " + sink.root());
        console.out().println("run directory: " + runDir);
        if (localNote != null) {
            console.err().println("fede2e: warning: " + localNote);
        }

        StepLog steps = new StepLog(console.redactor());
        Outcome outcome = new Outcome();
        ClusterProvider provider = request.factory().create();
        ProviderLink.declareSecretsTo(console, provider);
        outcome.runId = ProviderLink.runId(request.job(), build);
        ScheduledExecutorService timer = startGlobalTimer();
        AutoCloseable signals = env.handleSignals() ? Signals.install(this::onSignal) : () -> { };
        Thread hook = new Thread(() -> {
            if (outcome.upAttempted && !downStarted && request.down()) {
                console.err().println("fede2e: exiting: running Down before the process ends");
                safeDown(provider);
            }
        }, "fede2e-down-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Files.createDirectories(artifacts);
            if (abortSignal == null && timeoutReason == null) {
                up(provider, steps, outcome);
            }
            if (outcome.upOk && request.test() && abortSignal == null && timeoutReason == null) {
                test(provider, steps, outcome, artifacts, build);
            } else if (request.test()) {
                steps.skipped(TEST, abortSignal != null ? "aborted by " + abortSignal
                        : timeoutReason != null ? timeoutReason : "Up failed");
            }
            if (outcome.upAttempted) {
                dumpLogs(provider, steps, artifacts);
                if (request.down()) {
                    down(provider, steps, outcome);
                } else {
                    keep(provider, steps);
                }
            }
        } catch (IOException e) {
            outcome.infraFailure = true;
            console.err().println("fede2e: error: " + e.getMessage());
        } finally {
            timer.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook must stay to run Down.
            }
            Thread.interrupted();
        }

        Result result = abortSignal != null ? Result.ABORTED
                : steps.anyFailed(Set.of(DUMP_LOGS)) || outcome.testsFailed ? Result.FAILURE : Result.SUCCESS;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        try {
            steps.write(artifacts.resolve(BuildPaths.JUNIT_RUNNER));
        } catch (RuntimeException e) {
            console.err().println("fede2e: warning: " + e.getMessage());
        }
        summary(outcome, result, seconds, browseUrl(sink, paths), runDir);
        Map<String, Object> finishedMeta = new LinkedHashMap<>(metadata);
        finishedMeta.put("job-version", Version.current());
        if (outcome.upAttempted && outcome.runId != null) {
            finishedMeta.put(ProviderLink.RUN_ID, outcome.runId);
        }
        Finished finished = Finished.of(env.clock().instant().getEpochSecond(), result, finishedMeta);
        phase = Phase.UPLOAD;
        try {
            Files.write(runDir.resolve(BuildPaths.FINISHED), finished.toJson());
        } catch (IOException e) {
            console.err().println("fede2e: error: cannot write finished.json: " + e.getMessage());
            outcome.infraFailure = true;
        }
        console.closeLog();
        boolean scrubbed = scrub(runDir, outcome);
        if (!scrubbed) {
            console.err().println("fede2e: error: nothing more is uploaded: the run directory " + runDir
                    + " could not be redacted; remove what holds secrets and run fede2e upload --phase finished");
            outcome.infraFailure = true;
        } else {
            try {
                List<String> written = sink.finish(runDir, paths);
                console.out().println("uploaded " + written.size() + " objects to " + browseUrl(sink, paths));
            } catch (ObjectStoreException e) {
                console.err().println("fede2e: upload failed: " + e.getMessage());
                outcome.infraFailure = true;
            }
        }
        if (request.dashboardDir() != null && !outcome.infraFailure) {
            try {
                Dashboard.generate(DashboardConfig.ofRoots(List.of(sink.root())), request.dashboardDir(), env.clock(),
                        null);
                console.out().println("dashboard: open " + request.dashboardDir().resolve("index.html"));
            } catch (RuntimeException e) {
                console.err().println("fede2e: dashboard failed: " + e.getMessage());
                outcome.infraFailure = true;
            }
        }
        try {
            signals.close();
        } catch (Exception e) {
            // Restoring handlers cannot fail in a way worth reporting.
        }
        if (abortSignal != null) {
            return CliException.ABORTED;
        }
        if (outcome.infraFailure || !outcome.upOk && outcome.upAttempted) {
            return CliException.INFRASTRUCTURE;
        }
        return result == Result.SUCCESS ? CliException.OK : CliException.TEST_FAILURE;
    }

    /**
     * Scrubs the run directory before upload: providers and tests wrote files too, and a
     * credential may have been printed before the runner learnt it. Files that cannot be scrubbed
     * go to {@code <build>.not-uploaded}, and finished.json lists them.
     *
     * @return false when the directory could not be scrubbed at all: then nothing more may be uploaded
     */
    private boolean scrub(Path runDir, Outcome outcome) {
        RunDirScrubber.Result scrub;
        try {
            scrub = RunDirScrubber.scrubForUpload(runDir, console.redactor());
        } catch (IOException | RuntimeException e) {
            console.err().println("fede2e: error: cannot redact " + runDir + ": " + e.getMessage());
            return false;
        }
        if (!scrub.notScrubbed().isEmpty()) {
            outcome.infraFailure = true;
            console.err().println("fede2e: warning: " + scrub.notScrubbed().size() + " file(s) could not be redacted"
                    + " and are not uploaded:");
            scrub.notScrubbed().forEach(p -> console.err().println("  " + p));
        }
        return true;
    }

    private static final class Outcome {
        boolean upAttempted;
        boolean upOk;
        boolean testsFailed;
        boolean infraFailure;
        SuiteResult suite;
        String testError;
        /** The label value of the namespaces the tests create, which the provider's Down looks for. */
        String runId;
    }

    private void up(ClusterProvider provider, StepLog steps, Outcome outcome) {
        phase = Phase.UP;
        outcome.upAttempted = true;
        console.startCapture();
        long t0 = System.nanoTime();
        try {
            if (request.up()) {
                console.out().println("Up: creating cluster " + request.spec().name() + " with " + request.factory().name());
                checkpointDuringUp(provider, runDirectory);
                provider.up(ProviderLink.withRunId(request.factory(), request.spec(), outcome.runId));
                learnProviderSecrets(provider);
                ProviderLink.providerRunId(provider, Map.of()).ifPresent(id -> outcome.runId = id);
            } else {
                ClusterState state = ClusterState.read(request.stateFile());
                if (!(provider instanceof Reattachable r)) {
                    throw new CliException(CliException.USAGE, "E2E_UP=false needs a provider that can reattach; "
                            + request.factory().name() + " cannot");
                }
                console.out().println("Up: reusing the cluster of " + request.stateFile() + " (E2E_UP=false)");
                r.reattach(state.state());
                learnProviderSecrets(provider);
                ProviderLink.providerRunId(provider, state.state()).ifPresent(id -> outcome.runId = id);
            }
            outcome.upOk = true;
            Thread.interrupted();
            if (abortSignal != null) {
                outcome.upOk = false;
                steps.failed(UP, secs(t0), "aborted by " + abortSignal, console.stopCapture());
                return;
            }
            console.out().println("Up: done; kubeconfig " + provider.kubeconfig());
            writeRecoveryState(provider, runDirectory);
            steps.passed(UP, secs(t0), console.stopCapture());
        } catch (RuntimeException e) {
            Thread.interrupted();
            // A half-done Up may already hold credentials (a kubeconfig read, then a 401): mask them in
            // what follows (this step's output, DumpLogs, Down) and in the final scrub.
            ProviderLink.learnSecrets(console, provider);
            String why = abortSignal != null ? "aborted by " + abortSignal
                    : timeoutReason != null ? timeoutReason : e.getMessage();
            console.err().println("Up failed: " + why);
            steps.failed(UP, secs(t0), "Up failed: " + why, console.stopCapture() + output(e));
            if (e instanceof CliException c && c.exitCode() == CliException.USAGE) {
                outcome.infraFailure = true;
            }
        }
    }

    private void test(ClusterProvider provider, StepLog steps, Outcome outcome, Path artifacts, BuildId build) {
        phase = Phase.TEST;
        long t0 = System.nanoTime();
        Map<String, String> params = new LinkedHashMap<>();
        params.put(E2eParameters.KUBECONFIG, provider.kubeconfig().toString());
        params.put(E2eParameters.CAPABILITIES, provider.capabilities().stream().map(Capability::name).sorted()
                .collect(Collectors.joining(",")));
        params.put(E2eParameters.ARTIFACTS, artifacts.toString());
        params.put(E2eParameters.PROVIDER, request.factory().name());
        params.put(E2eParameters.RUN_ID, outcome.runId);
        upstreamNodeCount(provider).filter(n -> !request.suite().parameters().containsKey(UPSTREAM_NUM_NODES))
                .ifPresent(n -> params.put(UPSTREAM_NUM_NODES, n));
        SuiteConfig config = request.suite().withParameters(params);
        LiveProgress progress = new LiveProgress(console, artifacts.resolve("progress.json"), System::nanoTime);
        try {
            if (abortSignal != null || timeoutReason != null) {
                suiteControl.interrupt(abortSignal != null ? "aborted by " + abortSignal : timeoutReason);
            }
            SuiteResult result = new SuiteRunner(config, console.redactor()).run(progress, suiteControl);
            progress.close();
            outcome.suite = result;
            if (result.finalResults().isEmpty()) {
                console.err().println("fede2e: warning: the selection chose no tests; check --focus, --skip, "
                        + "--label-filter and --mode with fede2e list-tests");
            }
            writeJunit(artifacts, result);
            outcome.testsFailed = !result.success();
            if (result.success()) {
                steps.passed(TEST, secs(t0), "");
            } else {
                String why = result.interruption().map(r -> "tests interrupted: " + r + "; ").orElse("")
                        + result.failed().size() + " of " + result.finalResults().size() + " tests failed";
                steps.failed(TEST, secs(t0), why, String.join("\n", result.failed()));
            }
        } catch (RuntimeException e) {
            outcome.testsFailed = true;
            outcome.testError = e.getMessage();
            console.err().println("Test failed: " + e.getMessage());
            steps.failed(TEST, secs(t0), "Test failed: " + e.getMessage(), output(e));
        } finally {
            Thread.interrupted();
        }
    }

    private void writeJunit(Path artifacts, SuiteResult result) {
        JUnitReport report = new JUnitReport(List.of(TestSuite.of("fede2e e2e suite", result.executions())));
        StepLog.writeAtomically(artifacts.resolve(BuildPaths.JUNIT_E2E), JUnitWriter.toBytes(report));
    }

    /**
     * DumpLogs, time-boxed so that Down always keeps its time: it may use half of the reserve and
     * must end half a reserve before the global deadline. It dumps into a scratch directory beside
     * the run directory; what it wrote is moved into artifacts/ when it ends, or copied as it is
     * when it is cut off (so that a dump still writing cannot change files being scrubbed or
     * uploaded).
     */
    private void dumpLogs(ClusterProvider provider, StepLog steps, Path artifacts) {
        phase = Phase.DUMP_LOGS;
        Thread.interrupted();
        console.startCapture();
        long t0 = System.nanoTime();
        Duration limit = dumpLogsLimit();
        Path scratch;
        try {
            scratch = Files.createTempDirectory(artifacts.getParent().getParent(), "." + artifacts.getParent()
                    .getFileName() + ".dumplogs-");
        } catch (IOException e) {
            console.err().println("fede2e: warning: DumpLogs failed (the run goes on): " + e.getMessage());
            steps.failed(DUMP_LOGS, secs(t0), "DumpLogs failed (warning only): " + e.getMessage(), console.stopCapture());
            return;
        }
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic
                .AtomicReference<>();
        Thread dump = new Thread(() -> {
            try {
                provider.dumpLogs(scratch);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "fede2e-dumplogs");
        dump.setDaemon(true);
        console.out().println("DumpLogs: collecting cluster logs into " + artifacts + " (at most " + fmt(limit) + ")");
        dump.start();
        boolean ended = joinQuietly(dump, limit);
        if (!ended) {
            dump.interrupt();
            ended = joinQuietly(dump, Duration.ofSeconds(2));
        }
        try {
            takeDump(scratch, artifacts, ended);
        } catch (IOException e) {
            failure.compareAndSet(null, new ProviderException("cannot move the dump into " + artifacts + ": "
                    + e.getMessage()));
        }
        if (ended) {
            deleteQuietly(scratch);
        }
        if (!ended) {
            String why = "DumpLogs timed out after " + fmt(limit) + " (the rest of the reserve is kept for Down);"
                    + " what it had written is kept";
            console.err().println("fede2e: warning: " + why);
            steps.failed(DUMP_LOGS, secs(t0), why + " (warning only)", console.stopCapture());
        } else if (failure.get() != null) {
            RuntimeException e = failure.get();
            console.err().println("fede2e: warning: DumpLogs failed (the run goes on): " + e.getMessage());
            steps.failed(DUMP_LOGS, secs(t0), "DumpLogs failed (warning only): " + e.getMessage(),
                    console.stopCapture() + output(e));
        } else {
            steps.passed(DUMP_LOGS, secs(t0), console.stopCapture());
        }
    }

    /**
     * Half the reserve, and not past half a reserve before the global deadline; but at least a
     * quarter of the reserve, so that a stop that took longer than planned (a busy machine) does
     * not cost the logs: Down still keeps three quarters of its reserve.
     */
    Duration dumpLogsLimit() {
        Duration half = request.reserve().dividedBy(2);
        if (request.timeout() == null || half.isZero()) {
            return request.timeout() == null ? Duration.ofDays(1) : request.timeout();
        }
        long leftNanos = runStartNanos + request.timeout().toNanos() - half.toNanos() - System.nanoTime();
        Duration left = Duration.ofNanos(Math.max(0, leftNanos));
        Duration floor = request.reserve().dividedBy(4);
        if (left.compareTo(floor) < 0) {
            left = floor;
        }
        return left.compareTo(half) < 0 ? left : half;
    }

    private static boolean joinQuietly(Thread t, Duration limit) {
        try {
            t.join(Math.max(1, limit.toMillis()));
        } catch (InterruptedException e) {
            // A signal during DumpLogs: cut it short, Down comes next.
            Thread.currentThread().interrupt();
        }
        Thread.interrupted();
        return !t.isAlive();
    }

    /** Moves (or, when the dump still runs, copies) what DumpLogs wrote into artifacts/. */
    private static void takeDump(Path scratch, Path artifacts, boolean ended) throws IOException {
        List<Path> files;
        try (var walk = Files.walk(scratch)) {
            files = walk.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path file : files) {
            Path target = artifacts.resolve(scratch.relativize(file).toString());
            Files.createDirectories(target.getParent());
            if (ended) {
                Files.move(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private void down(ClusterProvider provider, StepLog steps, Outcome outcome) {
        phase = Phase.DOWN;
        downStarted = true;
        Thread.interrupted();
        console.startCapture();
        long t0 = System.nanoTime();
        try {
            console.out().println("Down: tearing down the cluster");
            provider.down();
            deleteRecoveryState();
            steps.passed(DOWN, secs(t0), console.stopCapture());
        } catch (RuntimeException e) {
            outcome.infraFailure = true;
            console.err().println("Down failed: " + e.getMessage() + (recoveryState == null ? ""
                    : "; try again with: fede2e down --state " + recoveryState));
            steps.failed(DOWN, secs(t0), "Down failed: " + e.getMessage(), console.stopCapture() + output(e));
        }
    }

    private void keep(ClusterProvider provider, StepLog steps) {
        downStarted = true;
        if (provider instanceof Reattachable r) {
            clusterState(provider, r).write(request.stateFile());
            deleteRecoveryState();
            console.out().println("Down skipped (--down=false): the cluster is kept. Tear it down later with: "
                    + "fede2e down --state " + request.stateFile());
            r.teardownCommand().ifPresent(c -> console.out().println("  or without fede2e: " + c));
        } else {
            console.out().println("Down skipped (--down=false), but provider " + request.factory().name()
                    + " cannot be reached from another process: the cluster ends with this process");
        }
        steps.skipped(DOWN, "--down=false: the cluster is kept");
    }

    /** The state another process reattaches from; secret options are left out. */
    private ClusterState clusterState(ClusterProvider provider, Reattachable r) {
        return new ClusterState(request.factory().name(), nonSecretOptions(), r.saveState(),
                provider.kubeconfig().toString(), provider.capabilities().stream().map(Capability::name).toList());
    }

    private Map<String, String> nonSecretOptions() {
        Map<String, String> options = new LinkedHashMap<>(request.spec().options());
        request.factory().options().stream().filter(o -> o.secret()).forEach(o -> options.remove(o.name()));
        return options;
    }

    /**
     * Right after Up: the cluster's state beside the run directory, so that when this process is
     * killed (SIGKILL: no hook runs) {@code fede2e down --state FILE} still tears the cluster down.
     * Removed once Down has passed.
     */
    private void writeRecoveryState(ClusterProvider provider, Path runDir) {
        if (!(provider instanceof Reattachable r) || !request.up()) {
            return;
        }
        recordRecoveryState(runDir, () -> clusterState(provider, r));
    }

    /**
     * Before Up: the provider hands over what it has begun to create, so that a process killed
     * during Up can be torn down too. The state is partial (no kubeconfig, no capabilities yet);
     * the provider's {@code reattach} accepts it, and its {@code down} removes what exists.
     */
    private void checkpointDuringUp(ClusterProvider provider, Path runDir) {
        if (!(provider instanceof Reattachable r)) {
            return;
        }
        r.checkpointStateTo(state -> recordRecoveryState(runDir, () -> new ClusterState(request.factory().name(),
                nonSecretOptions(), state, "", List.of())));
    }

    private synchronized void recordRecoveryState(Path runDir, Supplier<ClusterState> state) {
        Path file = runDir.resolveSibling(runDir.getFileName() + RECOVERY_STATE_SUFFIX);
        try {
            state.get().write(file);
            if (recoveryState == null) {
                recoveryState = file;
                console.out().println("Up: if this process is killed, tear the cluster down with: fede2e down --state "
                        + file);
            }
        } catch (RuntimeException e) {
            console.err().println("fede2e: warning: cannot record the cluster for a teardown from elsewhere: "
                    + e.getMessage());
        }
    }

    private synchronized void deleteRecoveryState() {
        if (recoveryState != null) {
            try {
                Files.deleteIfExists(recoveryState);
            } catch (IOException e) {
                console.err().println("fede2e: warning: cannot remove " + recoveryState + ": " + e.getMessage());
            }
            recoveryState = null;
        }
    }

    private void safeDown(ClusterProvider provider) {
        downStarted = true;
        try {
            provider.down();
        } catch (RuntimeException e) {
            console.err().println("Down failed: " + e.getMessage());
        }
    }

    /** A signal arrived: stop Up or the tests; DumpLogs and Down still run. */
    private void onSignal(String name) {
        if (abortSignal != null) {
            console.err().println("fede2e: " + name + " again: "
                    + (downStarted ? "Down is in progress" : "stopping, then DumpLogs and Down")
                    + "; waiting for it so that no cluster is left behind");
            return;
        }
        abortSignal = name;
        console.err().println("fede2e: received " + name + ": stopping " + phase.name().toLowerCase(java.util.Locale.ROOT)
                + ", then DumpLogs and Down; results are uploaded as ABORTED");
        interruptCurrent("aborted by " + name);
    }

    private void interruptCurrent(String why) {
        switch (phase) {
            case UP -> lifecycleThread.interrupt();
            case TEST -> suiteControl.interrupt(why);
            default -> {
                // DumpLogs, Down and upload are never interrupted: they are what keeps the run clean.
            }
        }
    }

    private ScheduledExecutorService startGlobalTimer() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fede2e-global-timeout");
            t.setDaemon(true);
            return t;
        });
        if (request.timeout() != null) {
            Duration budget = request.timeout().minus(request.reserve());
            if (budget.isNegative() || budget.isZero()) {
                budget = request.timeout();
            }
            Duration b = budget;
            timer.schedule(() -> {
                timeoutReason = "global timeout of " + fmt(request.timeout()) + " reached (" + fmt(request.reserve())
                        + " kept for DumpLogs and Down)";
                console.err().println("fede2e: " + timeoutReason + ": stopping " + phase.name().toLowerCase(
                        java.util.Locale.ROOT));
                interruptCurrent(timeoutReason);
            }, b.toMillis(), TimeUnit.MILLISECONDS);
        }
        return timer;
    }

    /** Right after Up or reattach: the provider's own credentials, then the kubeconfig's. */
    private void learnProviderSecrets(ClusterProvider provider) {
        ProviderLink.learnSecrets(console, provider);
        addKubeconfigSecrets(provider);
    }

    private void addKubeconfigSecrets(ClusterProvider provider) {
        try {
            Path kc = provider.kubeconfig();
            if (kc != null && Files.isRegularFile(kc)) {
                console.addSecrets(KubeconfigSecrets.values(Files.readString(kc)));
            }
        } catch (IOException | RuntimeException e) {
            console.err().println("fede2e: warning: cannot read the kubeconfig to mask its credentials: "
                    + e.getMessage());
        }
    }

    private void summary(Outcome outcome, Result result, double seconds, String url, Path runDir) {
        var out = console.out();
        out.println();
        out.println("==== fede2e summary: " + result + " in " + String.format(java.util.Locale.ROOT, "%.1fs", seconds));
        if (outcome.suite != null) {
            SuiteResult s = outcome.suite;
            out.println(s.finalResults().size() + " tests: " + s.passed() + " passed, " + s.failed().size()
                    + " failed, " + s.skipped() + " skipped, " + s.flaky().size() + " flaky");
            if (!s.failed().isEmpty()) {
                out.println("Failed:");
                s.failed().forEach(n -> out.println("  " + n));
            }
            if (!s.flaky().isEmpty()) {
                out.println("Flaky (failed, then passed on a retry):");
                s.flaky().forEach(n -> out.println("  " + n));
            }
            s.interruption().ifPresent(r -> out.println("Tests were interrupted: " + r));
        } else if (outcome.testError != null) {
            out.println("Tests did not run: " + outcome.testError);
        }
        if (abortSignal != null) {
            out.println("Aborted by " + abortSignal);
        }
        out.println("Results: " + url);
        out.println("Local copy: " + runDir + " (build-log.txt, artifacts/junit_01.xml, artifacts/junit_runner.xml)");
    }

    /** The ginkgo-engine's parameter for e2e.test's {@code --num-nodes}. */
    private static final String UPSTREAM_NUM_NODES = "fede2e.ginkgo.numNodes";

    /**
     * The cluster's node count as the provider reports it ({@code node-count}), for e2e.test's
     * {@code --num-nodes}: without it the binary's BeforeSuite waits for ready, schedulable nodes,
     * which a cluster without kubelets never has.
     */
    private static Optional<String> upstreamNodeCount(ClusterProvider provider) {
        try {
            Map<String, String> m = provider.metadata();
            return Optional.ofNullable(m == null ? null : m.get("node-count")).map(String::strip)
                    .filter(v -> v.matches("\\d+"));
        } catch (RuntimeException e) {
            // Metadata is informative; the binary then counts the nodes itself.
            return Optional.empty();
        }
    }

    private Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", request.factory().name());
        m.put("node-count", request.spec().nodeCount());
        m.put("kubernetes-version", request.spec().kubernetesVersion());
        m.put("runner-version", Version.current());
        m.put("job", request.job().value());
        m.putAll(request.metadata());
        return m;
    }

    private static String output(Throwable e) {
        StringBuilder sb = new StringBuilder();
        if (e instanceof ProviderException p && !p.output().isEmpty()) {
            sb.append("\n--- provider output ---\n").append(p.output());
        }
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        sb.append("\n--- error ---\n").append(w);
        return sb.toString();
    }

    private static String browseUrl(ResultsSink sink, BuildPaths paths) {
        try {
            return sink.browseUrl(paths);
        } catch (RuntimeException e) {
            return sink.root() + "/" + paths.dir();
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String fmt(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 && s > 0 ? s / 60 + "m" : d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A leftover staging directory is harmless; it never looks like a build.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }

    /** For tests: the suite controller. */
    Optional<SuiteControl> control() {
        return Optional.of(suiteControl);
    }
}
