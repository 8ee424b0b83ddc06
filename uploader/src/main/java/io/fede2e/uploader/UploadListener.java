package io.fede2e.uploader;

/**
 * Hears of each object an upload writes, e.g. to show progress. Calls come from the upload's
 * worker threads but never at the same time, in the order the objects completed.
 */
@FunctionalInterface
public interface UploadListener {

    /** A listener that does nothing. */
    UploadListener NONE = progress -> { };

    /** Called after {@code progress.name()} was written. */
    void uploaded(UploadProgress progress);
}
