package io.fede2e.runner.publish;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.JobName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a run's results go: a bucket root in the test-infra layout, written in Prow's order.
 * Failures are {@link io.fede2e.uploader.ObjectStoreException}s whose message says what to do.
 */
public interface ResultsSink extends AutoCloseable {

    /** Which part of a run directory {@link #upload} sends. */
    enum Phase {
        /** Only started.json (create-if-absent). */
        STARTED,
        /** Artifacts, build log, finished.json, then latest-build.txt. */
        FINISHED,
        /** Both, in order. */
        ALL
    }

    /** The root, normalized (e.g. {@code file:///abs/dir}, {@code gs://bucket/prefix}). */
    String root();

    /**
     * Uploads {@code runDir}'s started.json, refusing to overwrite one; allocates the next build
     * id when {@code build} is empty.
     */
    BuildId start(Path runDir, JobName job, Optional<BuildId> build);

    /**
     * Uploads everything else of {@code runDir}: artifacts and build-log.txt, then finished.json,
     * then moves latest-build.txt forward.
     *
     * @return the object names written, sorted
     */
    List<String> finish(Path runDir, BuildPaths paths);

    /** Uploads a run directory from another process's run ({@code fede2e upload}). */
    List<String> upload(Path runDir, JobName job, Optional<BuildId> build, Phase phase);

    /**
     * Adds the files of {@code runDir} (all but started.json and finished.json) to a build that was
     * started and is not finished: one shard's results of a build made by several agents.
     *
     * @return the object names written, sorted
     * @throws io.fede2e.uploader.ObjectStoreException when the build was never started or is finished already
     */
    List<String> addToBuild(Path runDir, BuildPaths paths);

    /** The content of {@code relative} in the build's directory, or empty when it does not exist. */
    Optional<byte[]> read(BuildPaths paths, String relative);

    /** A link a person can open for the build's directory. */
    String browseUrl(BuildPaths paths);

    @Override
    default void close() {
    }
}
