package io.fede2e.runner.publish;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.JobName;
import io.fede2e.uploader.NoSuchObjectException;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.StoreOptions;
import io.fede2e.uploader.UploadException;
import io.fede2e.uploader.UploadReport;
import io.fede2e.uploader.Uploader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link ResultsSink} over the uploader module. */
final class UploaderSink implements ResultsSink {

    private final ObjectStore store;
    private final Uploader uploader;

    private UploaderSink(ObjectStore store) {
        this.store = store;
        this.uploader = Uploader.create(store);
    }

    static ResultsSink open(String root, StoreOptions options) {
        return new UploaderSink(ObjectStore.open(root, options));
    }

    @Override
    public String root() {
        return store.root();
    }

    @Override
    public BuildId start(Path runDir, JobName job, Optional<BuildId> build) {
        return uploader.start(runDir, job, build);
    }

    @Override
    public List<String> finish(Path runDir, BuildPaths paths) {
        UploadReport report = uploader.upload(runDir, paths.job(), Optional.of(paths.build()), Uploader.Phase.FINISHED);
        if (!report.ok()) {
            throw new UploadException(report.errors().size() + " file(s) of " + runDir + " could not be uploaded: "
                    + String.join("; ", report.errors()) + ". The rest and finished.json were uploaded; finished.json"
                    + " lists them under " + Uploader.UPLOAD_PROBLEMS, report.uploaded(), report.errors(), null);
        }
        return report.uploaded();
    }

    @Override
    public List<String> upload(Path runDir, JobName job, Optional<BuildId> build, Phase phase) {
        Uploader.Phase p = switch (phase) {
            case STARTED -> Uploader.Phase.STARTED;
            case FINISHED -> Uploader.Phase.FINISHED;
            case ALL -> Uploader.Phase.ALL;
        };
        UploadReport report = uploader.upload(runDir, job, build, p);
        if (!report.ok()) {
            throw new UploadException(report.errors().size() + " file(s) of " + runDir + " could not be uploaded: "
                    + String.join("; ", report.errors()) + (p == Uploader.Phase.STARTED ? ""
                    : ". The rest and finished.json were uploaded; finished.json lists them under "
                    + Uploader.UPLOAD_PROBLEMS), report.uploaded(), report.errors(), null);
        }
        return report.uploaded();
    }

    @Override
    public List<String> addToBuild(Path runDir, BuildPaths paths) {
        if (store.stat(paths.started()).isEmpty()) {
            throw new UploadException("build " + paths.job() + " #" + paths.build() + " was never started: "
                    + store.browseUrl(paths.started()) + " is missing; run fede2e upload --phase started first");
        }
        if (store.stat(paths.finished()).isPresent()) {
            throw new UploadException("build " + paths.job() + " #" + paths.build() + " is finished already: "
                    + store.browseUrl(paths.finished()) + " exists, and nothing is added to a finished build");
        }
        UploadReport report = uploader.uploadArtifacts(runDir, paths);
        if (!report.ok()) {
            throw new UploadException("could not upload " + String.join(", ", report.errors()) + " from " + runDir
                    + "; fix them and rerun", report.uploaded(), report.errors(), null);
        }
        List<String> written = new ArrayList<>(report.uploaded());
        written.sort(null);
        return written;
    }

    @Override
    public Optional<byte[]> read(BuildPaths paths, String relative) {
        try {
            return Optional.of(store.read(paths.file(relative)));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    @Override
    public String browseUrl(BuildPaths paths) {
        // Stores name objects, not directories: link the build's started.json and drop its name.
        String url = store.browseUrl(paths.started());
        return url.endsWith(BuildPaths.STARTED) ? url.substring(0, url.length() - BuildPaths.STARTED.length()) : url;
    }

    @Override
    public void close() {
        store.close();
    }
}
