package io.fede2e.uploader;

import io.fede2e.layout.BuildPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an upload did.
 *
 * @param paths the build uploaded to (its id is the allocated one when none was given)
 * @param uploaded the object names written, sorted
 * @param bytes local bytes written (before compression)
 * @param skipped local files deliberately not uploaded and why (symlinks inside the run directory), sorted
 * @param errors local files that could not be uploaded and why (symlinks pointing outside the run
 *     directory, special files, names a bucket cannot hold), sorted; everything else was uploaded
 */
public record UploadReport(BuildPaths paths, List<String> uploaded, long bytes, List<String> skipped,
                           List<String> errors) {

    public UploadReport {
        Objects.requireNonNull(paths, "paths");
        uploaded = sorted(uploaded);
        skipped = sorted(skipped);
        errors = sorted(errors);
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return List.copyOf(copy);
    }

    /** Whether every local file was uploaded or deliberately skipped. */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** This report followed by {@code other} (same build). */
    UploadReport plus(UploadReport other) {
        List<String> u = new ArrayList<>(uploaded);
        u.addAll(other.uploaded);
        List<String> s = new ArrayList<>(skipped);
        s.addAll(other.skipped);
        List<String> e = new ArrayList<>(errors);
        e.addAll(other.errors);
        return new UploadReport(paths, u, bytes + other.bytes, s, e);
    }
}
