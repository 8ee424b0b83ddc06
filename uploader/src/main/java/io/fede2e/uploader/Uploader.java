package io.fede2e.uploader;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.Finished;
import io.fede2e.layout.JobName;
import io.fede2e.layout.LatestBuild;
import io.fede2e.layout.LayoutException;
import io.fede2e.layout.Result;
import io.fede2e.layout.Started;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a local run directory into {@code logs/<job>/<build>/} of a store, in Prow's order:
 * started.json when the run starts (create-if-absent, so two runs never share a build), then the
 * artifacts and build-log.txt in parallel, then finished.json, then latest-build.txt moved
 * forward by compare-and-set. finished.json is never written after a failed write (a rerun
 * completes the build); local files that cannot be uploaded at all (a symlink out of the run
 * directory, a FIFO, a name a bucket cannot hold) are skipped, reported, and listed in the
 * finished.json written (see {@link #UPLOAD_PROBLEMS}), so that the verdict is never lost.
 *
 * <p>Text files (.txt .log .xml .json) over 1 KiB are stored gzip-compressed with
 * {@code Content-Encoding: gzip}; the compression is deterministic. Artifacts are overwritten
 * without a precondition: a re-run writes byte-identical objects, so an interrupted upload is
 * completed by running it again.
 */
public final class Uploader {

    /** Which part of the upload to do. */
    public enum Phase {
        /** started.json only, when the run starts (allocating a build id when none is given). */
        STARTED,
        /** artifacts, build-log.txt, finished.json and latest-build.txt, when the run has ended. */
        FINISHED,
        /** everything, for a run directory uploaded after the fact. */
        ALL
    }

    /** The finished.json metadata key that lists the local files that could not be uploaded. */
    public static final String UPLOAD_PROBLEMS = "upload-problems";

    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);
    /** Files larger than this are streamed instead of read into memory. */
    static final long IN_MEMORY_LIMIT = 32L * 1024 * 1024;
    private static final int MAX_ALLOCATIONS = 100;
    private static final int MAX_CAS_ROUNDS = 100;
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final ObjectStore store;
    private final UploadOptions options;
    private final Retrier retrier;

    private Uploader(ObjectStore store, UploadOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.retrier = new Retrier(options.attempts(), options.backoffBase());
    }

    /** An uploader to {@code store} with {@link UploadOptions#defaults()}. */
    public static Uploader create(ObjectStore store) {
        return new Uploader(store, UploadOptions.defaults());
    }

    /** An uploader to {@code store} with {@code options}. */
    public static Uploader create(ObjectStore store, UploadOptions options) {
        return new Uploader(store, options);
    }

    /**
     * Uploads {@code phase} of the run in {@code runDir}.
     *
     * @param build the build id; when empty, {@link Phase#STARTED} and {@link Phase#ALL} allocate
     *     the next one, and {@link Phase#FINISHED} refuses (it must finish the build it started)
     * @throws UploadException with the reason and, when it stopped midway, the objects not written
     * @throws PreconditionFailedException when the given build already has a started.json
     */
    public UploadReport upload(Path runDir, JobName job, Optional<BuildId> build, Phase phase) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(phase, "phase");
        Path dir = runDirectory(runDir);
        byte[] started = readJson(dir, BuildPaths.STARTED);
        switch (phase) {
            case STARTED -> {
                BuildId id = start(dir, job, build);
                BuildPaths paths = new BuildPaths(job, id);
                return new UploadReport(paths, List.of(paths.started()), started.length, List.of(), List.of());
            }
            case FINISHED -> {
                BuildId id = build.orElseThrow(() -> new UploadException("the finished phase of " + dir
                        + " needs the build id its started phase used: pass it (--build N)"));
                BuildPaths paths = new BuildPaths(job, id);
                byte[] local = readJson(dir, BuildPaths.FINISHED);
                RunDirScan scan = scan(dir);
                if (retrier.run(() -> store.stat(paths.started())).isEmpty()) {
                    throw new UploadException("build " + job + " #" + id + " was never started: "
                            + location(paths.started()) + " is missing; upload the started phase first, or use"
                            + " phase all");
                }
                UploadReport artifacts = artifacts(dir, scan, paths, List.of(paths.finished()));
                byte[] finished = withUploadProblems(local, scan.errors());
                finishWith(paths, finished);
                return artifacts.plus(finishedReport(paths, finished));
            }
            case ALL -> {
                RunDirScan scan = scan(dir);
                byte[] finished = withUploadProblems(readJson(dir, BuildPaths.FINISHED), scan.errors());
                BuildId id = start(dir, job, build);
                BuildPaths paths = new BuildPaths(job, id);
                UploadReport startedReport = new UploadReport(paths, List.of(paths.started()), started.length,
                        List.of(), List.of());
                UploadReport artifacts = artifacts(dir, scan, paths, List.of(paths.finished()));
                finishWith(paths, finished);
                return startedReport.plus(artifacts).plus(finishedReport(paths, finished));
            }
            default -> throw new IllegalArgumentException("unknown phase " + phase);
        }
    }

    private static UploadReport finishedReport(BuildPaths paths, byte[] finished) {
        return new UploadReport(paths, List.of(paths.finished(), BuildPaths.latestBuild(paths.job())),
                finished.length, List.of(), List.of());
    }

    /**
     * Uploads {@code runDir/started.json} to {@code logs/<job>/<build>/started.json} if that does
     * not exist yet; when {@code build} is empty, to the build after the job's newest, moving on
     * to the next one when another uploader takes it first.
     *
     * @return the build id used
     * @throws PreconditionFailedException when the given build already has a started.json
     * @throws UploadException when the run directory has no valid started.json (nothing is written)
     */
    public BuildId start(Path runDir, JobName job, Optional<BuildId> build) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(build, "build");
        Path dir = runDirectory(runDir);
        byte[] started = readJson(dir, BuildPaths.STARTED);
        Payload payload = Payload.of(BuildPaths.STARTED, started);
        if (build.isPresent()) {
            BuildPaths paths = new BuildPaths(job, build.get());
            if (!createIfAbsent(paths.started(), payload)) {
                throw new PreconditionFailedException("build " + job + " #" + build.get() + " already exists: "
                        + location(paths.started()) + " is there and is never overwritten; pick another build id"
                        + " (--build), or omit it to allocate the next one");
            }
            return build.get();
        }
        OptionalLong newest = newestBuild(job);
        BuildId candidate = new BuildId(newest.isPresent() ? newest.getAsLong() + 1 : 1);
        for (int i = 0; i < MAX_ALLOCATIONS; i++) {
            BuildPaths paths = new BuildPaths(job, candidate);
            if (createIfAbsent(paths.started(), payload)) {
                return candidate;
            }
            LOG.debug("build {} #{} was taken meanwhile, trying the next id", job, candidate);
            candidate = candidate.next();
        }
        throw new UploadException("cannot allocate a build id for job " + job + " in " + store.root() + ": "
                + MAX_ALLOCATIONS + " ids in a row were taken by other uploaders; pass one (--build N)");
    }

    /**
     * Uploads everything in {@code runDir} but started.json and finished.json, in parallel,
     * retrying transient failures.
     *
     * @return what was uploaded; symlinks pointing outside the run directory and other files that
     *     cannot be uploaded are in {@link UploadReport#errors()}
     * @throws UploadException when a write fails for good: the upload stops and the exception
     *     names the objects not written
     */
    public UploadReport uploadArtifacts(Path runDir, BuildPaths paths) {
        Objects.requireNonNull(paths, "paths");
        Path dir = runDirectory(runDir);
        return artifacts(dir, scan(dir), paths, List.of());
    }

    private static RunDirScan scan(Path dir) {
        try {
            return RunDirScan.of(dir);
        } catch (IOException e) {
            throw new UploadException("cannot read the run directory " + dir + ": " + e.getMessage()
                    + "; check that it exists and is readable");
        }
    }

    /**
     * The finished.json to store when some local files could not be uploaded: the same, with the
     * problems under the metadata key {@value #UPLOAD_PROBLEMS}, and FAILURE when a file the
     * verdict rests on (a junit file, the build log) is among them. A verdict that loses a stray
     * file is still a verdict: it is written, and the reader sees what is missing.
     */
    public static byte[] withUploadProblems(byte[] finished, List<String> problems) {
        if (problems.isEmpty()) {
            return finished;
        }
        Finished parsed = Finished.parse(finished);
        Map<String, Object> metadata = new LinkedHashMap<>(parsed.metadata());
        // Problems found earlier (files the runner could not scrub) stay; a rerun adds nothing twice.
        Set<String> all = new TreeSet<>();
        if (metadata.get(UPLOAD_PROBLEMS) instanceof List<?> earlier) {
            earlier.forEach(p -> all.add(String.valueOf(p)));
        }
        all.addAll(problems);
        metadata.put(UPLOAD_PROBLEMS, List.copyOf(all));
        boolean evidenceLost = problems.stream().anyMatch(Uploader::isEvidence);
        Result result = evidenceLost ? Result.FAILURE : parsed.result();
        Boolean passed = evidenceLost ? Boolean.FALSE : parsed.passed();
        return new Finished(parsed.timestamp(), passed, result, metadata, parsed.extra()).toJson();
    }

    /** Whether the problem line (starting with the file's relative path) names a file the verdict rests on. */
    private static boolean isEvidence(String problem) {
        int colon = problem.indexOf(": ");
        String relative = colon < 0 ? problem : problem.substring(0, colon);
        return relative.equals(BuildPaths.BUILD_LOG) || BuildPaths.isJunitFile(relative);
    }

    /**
     * Uploads {@code runDir/finished.json}, then moves {@code logs/<job>/latest-build.txt} forward
     * to this build by compare-and-set (never backwards). Call it only after everything else was
     * uploaded.
     *
     * @throws UploadException when the run directory has no valid finished.json (nothing is written)
     */
    public void finish(Path runDir, BuildPaths paths) {
        Objects.requireNonNull(paths, "paths");
        finishWith(paths, readJson(runDirectory(runDir), BuildPaths.FINISHED));
    }

    private void finishWith(BuildPaths paths, byte[] finished) {
        Payload payload = Payload.of(BuildPaths.FINISHED, finished);
        try {
            retrier.run(() -> store.write(paths.finished(), payload.data, payload.options));
        } catch (ObjectStoreException e) {
            throw stopped(paths.finished(), e, List.of(),
                    List.of(paths.finished(), BuildPaths.latestBuild(paths.job())));
        }
        try {
            advanceLatest(paths);
        } catch (ObjectStoreException e) {
            throw stopped(BuildPaths.latestBuild(paths.job()), e, List.of(paths.finished()),
                    List.of(BuildPaths.latestBuild(paths.job())));
        }
    }

    /** Moves latest-build.txt to {@code paths.build()} unless it already names that build or a later one. */
    private void advanceLatest(BuildPaths paths) {
        String name = BuildPaths.latestBuild(paths.job());
        byte[] text = LatestBuild.toBytes(paths.build());
        WriteOptions base = WriteOptions.of(ContentTypes.of(name)).withCacheControl("no-cache");
        for (int round = 0; round < MAX_CAS_ROUNDS; round++) {
            Optional<ObjectInfo> current = retrier.run(() -> store.stat(name));
            WriteOptions opts;
            if (current.isPresent()) {
                OptionalLong latest;
                try {
                    latest = parseBuild(retrier.run(() -> store.read(name)), name);
                } catch (NoSuchObjectException e) {
                    continue;
                }
                if (latest.isPresent() && latest.getAsLong() >= paths.build().value()) {
                    return;
                }
                opts = base.ifGeneration(current.get().generation());
            } else {
                opts = base.ifAbsent();
            }
            try {
                retrier.run(() -> store.write(name, text, opts));
                return;
            } catch (PreconditionFailedException e) {
                // Another uploader moved it since we looked: look again.
                LOG.debug("{} changed while moving it to {}, retrying", name, paths.build());
            }
        }
        throw new UploadException("cannot move " + location(name) + " to build " + paths.build() + ": it changed "
                + MAX_CAS_ROUNDS + " times while we tried; re-run the finished phase");
    }

    /** The build latest-build.txt names, or empty when it holds no build id: then it is overwritten. */
    private static OptionalLong parseBuild(byte[] content, String name) {
        try {
            return OptionalLong.of(LatestBuild.parse(content, name).value());
        } catch (LayoutException e) {
            return OptionalLong.empty();
        }
    }

    /** The newest build of {@code job}: the largest numeric build directory, or latest-build.txt if larger. */
    private OptionalLong newestBuild(JobName job) {
        String jobDir = BuildPaths.jobDir(job);
        Listing listing = retrier.run(() -> store.list(jobDir, "/"));
        long newest = -1;
        for (String prefix : listing.prefixes()) {
            String segment = prefix.substring(jobDir.length(), prefix.length() - 1);
            if (segment.matches("[0-9]{1,18}")) {
                newest = Math.max(newest, Long.parseLong(segment));
            }
        }
        try {
            String name = BuildPaths.latestBuild(job);
            OptionalLong latest = parseBuild(retrier.run(() -> store.read(name)), name);
            if (latest.isPresent()) {
                newest = Math.max(newest, latest.getAsLong());
            }
        } catch (NoSuchObjectException e) {
            // A job's first build has no latest-build.txt.
        }
        return newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest);
    }

    /**
     * Creates {@code name} if absent. A write that failed transiently may have landed: when the
     * retry then finds the object, it is ours if it holds exactly our bytes.
     */
    private boolean createIfAbsent(String name, Payload payload) {
        boolean hadTransient = false;
        for (int attempt = 1; ; attempt++) {
            try {
                store.write(name, payload.data, payload.options.ifAbsent());
                return true;
            } catch (PreconditionFailedException e) {
                return hadTransient && Arrays.equals(retrier.run(() -> store.read(name)), payload.original);
            } catch (ObjectStoreException e) {
                if (!e.isTransient() || attempt >= retrier.attempts()) {
                    throw new UploadException("cannot write " + location(name) + " after " + attempt + " attempt(s): "
                            + e.getMessage(), List.of(), List.of(name), e);
                }
                hadTransient = true;
                retrier.pause(attempt);
            }
        }
    }

    private UploadReport artifacts(Path dir, RunDirScan scan, BuildPaths paths, List<String> pendingAfter) {
        for (String error : scan.errors()) {
            LOG.error("not uploaded from {}: {}", dir, error);
        }
        List<RunDirScan.LocalFile> files = scan.files();
        long total = files.stream().mapToLong(RunDirScan.LocalFile::size).sum();
        Progress progress = new Progress(total, files.size(), options.listener());
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> failedName = new AtomicReference<>();
        if (!files.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), files.size()),
                    threads());
            try {
                for (RunDirScan.LocalFile file : files) {
                    String name = paths.file(file.relative());
                    pool.execute(() -> {
                        if (failure.get() != null) {
                            return;
                        }
                        try {
                            uploadFile(name, file);
                            written.add(name);
                            progress.uploaded(name, file.size());
                        } catch (Throwable t) {
                            if (failure.compareAndSet(null, t)) {
                                failedName.set(name);
                            }
                        }
                    });
                }
            } finally {
                pool.shutdown();
                awaitQuietly(pool, failure);
            }
        }
        Throwable t = failure.get();
        if (t instanceof Error error) {
            throw error;
        }
        if (t != null) {
            Set<String> missing = new TreeSet<>();
            for (RunDirScan.LocalFile file : files) {
                missing.add(paths.file(file.relative()));
            }
            missing.removeAll(written);
            List<String> notWritten = new ArrayList<>(missing);
            notWritten.addAll(pendingAfter);
            throw stopped(failedName.get(), t, new ArrayList<>(written), notWritten);
        }
        return new UploadReport(paths, new ArrayList<>(written), total, scan.skipped(), scan.errors());
    }

    private static void awaitQuietly(ExecutorService pool, AtomicReference<Throwable> failure) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                // Stop handing out work, but let the writes in flight end: a write is atomic anyway.
                interrupted = true;
                failure.compareAndSet(null, new UploadException("the upload was interrupted"));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads() {
        int pool = POOL_IDS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "fede2e-upload-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void uploadFile(String name, RunDirScan.LocalFile file) throws IOException {
        String contentType = ContentTypes.of(file.relative());
        WriteOptions opts = WriteOptions.of(contentType);
        boolean gzip = ContentTypes.compress(file.relative(), file.size());
        if (gzip) {
            opts = opts.gzipped();
        }
        WriteOptions writeOptions = opts;
        if (file.size() <= IN_MEMORY_LIMIT) {
            byte[] data = Files.readAllBytes(file.path());
            byte[] stored = gzip && data.length > ContentTypes.GZIP_THRESHOLD ? Gzip.compress(data) : data;
            WriteOptions effective = stored == data ? WriteOptions.of(contentType) : writeOptions;
            retrier.run(() -> store.write(name, stored, effective));
            return;
        }
        if (!gzip) {
            retrier.run(() -> store.write(name, file.path(), writeOptions));
            return;
        }
        Path tmp = Files.createTempFile("fede2e-upload-", ".gz");
        try {
            try (InputStream in = Files.newInputStream(file.path(), LinkOption.NOFOLLOW_LINKS);
                 OutputStream out = Files.newOutputStream(tmp)) {
                Gzip.compress(in, out);
            }
            retrier.run(() -> store.write(name, tmp, writeOptions));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private UploadException stopped(String failedName, Throwable cause, List<String> written, List<String> notWritten) {
        List<String> sortedWritten = new ArrayList<>(written);
        sortedWritten.sort(null);
        List<String> sortedMissing = new ArrayList<>(notWritten);
        sortedMissing.sort(null);
        String reason = cause instanceof ObjectStoreException || cause instanceof IOException
                ? String.valueOf(cause.getMessage()) : cause.toString();
        String shown = String.join(", ", sortedMissing.subList(0, Math.min(10, sortedMissing.size())))
                + (sortedMissing.size() > 10 ? " and " + (sortedMissing.size() - 10) + " more" : "");
        return new UploadException("upload to " + store.root() + " stopped at " + failedName + " (" + reason + "); "
                + sortedMissing.size() + " object(s) not written: " + shown + "; fix the cause and run the upload"
                + " again with the same build id (phase finished): it is safe to repeat", sortedWritten,
                sortedMissing, cause);
    }

    private String location(String name) {
        return store.root() + "/" + name;
    }

    private static Path runDirectory(Path runDir) {
        Objects.requireNonNull(runDir, "runDir");
        if (!Files.isDirectory(runDir)) {
            throw new UploadException("run directory " + runDir + (Files.exists(runDir) ? " is not a directory"
                    : " does not exist") + ": pass the directory the run wrote (it holds started.json)");
        }
        return runDir;
    }

    /** The bytes of {@code dir/file}, checked to be a valid started.json or finished.json. */
    private static byte[] readJson(Path dir, String file) {
        Path path = dir.resolve(file);
        if (Files.isSymbolicLink(path)) {
            throw new UploadException(path + " is a symlink: the run directory must hold " + file + " itself");
        }
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UploadException(BuildPaths.STARTED.equals(file)
                    ? "run directory " + dir + " has no started.json, so it is not a run directory: pass the"
                    + " directory the run wrote (started.json, build-log.txt, artifacts/)"
                    : "run directory " + dir + " has no finished.json: the run has not finished; upload the"
                    + " started phase now and the finished phase when the run has ended");
        } catch (IOException e) {
            throw new UploadException("cannot read " + path + ": " + e.getMessage() + "; check its permissions");
        }
        try {
            if (BuildPaths.STARTED.equals(file)) {
                Started.parse(data);
            } else {
                Finished.parse(data);
            }
        } catch (LayoutException e) {
            throw new UploadException(path + " is not valid: " + e.getMessage() + "; fix or regenerate it before"
                    + " uploading");
        }
        return data;
    }

    /** Bytes ready to store, with their options. */
    private record Payload(byte[] original, byte[] data, WriteOptions options) {
        static Payload of(String name, byte[] original) {
            WriteOptions opts = WriteOptions.of(ContentTypes.of(name));
            if (ContentTypes.compress(name, original.length)) {
                return new Payload(original, Gzip.compress(original), opts.gzipped());
            }
            return new Payload(original, original, opts);
        }
    }

    /** Serializes listener calls so that done counts only grow. */
    private static final class Progress {
        private final long bytesTotal;
        private final int objectsTotal;
        private final UploadListener listener;
        private long bytesDone;
        private int objectsDone;

        Progress(long bytesTotal, int objectsTotal, UploadListener listener) {
            this.bytesTotal = bytesTotal;
            this.objectsTotal = objectsTotal;
            this.listener = listener;
        }

        synchronized void uploaded(String name, long bytes) {
            bytesDone += bytes;
            objectsDone++;
            try {
                listener.uploaded(new UploadProgress(name, bytesDone, bytesTotal, objectsDone, objectsTotal));
            } catch (RuntimeException e) {
                LOG.warn("the upload listener failed on {}: {}", name, e.toString());
            }
        }
    }
}
