package io.fede2e.runner.publish;

import io.fede2e.uploader.StoreOptions;

/** Opens results sinks; the CLI uses the uploader's, tests substitute their own. */
@FunctionalInterface
public interface ResultsSinks {

    /**
     * Opens {@code root} ({@code gs://...} or {@code file://...}).
     *
     * @throws io.fede2e.uploader.ObjectStoreException with a one-line reason when it cannot
     */
    ResultsSink open(String root, StoreOptions options);

    /** Sinks over the uploader module: {@link io.fede2e.uploader.ObjectStore} and its Uploader. */
    static ResultsSinks uploader() {
        return UploaderSink::open;
    }
}
