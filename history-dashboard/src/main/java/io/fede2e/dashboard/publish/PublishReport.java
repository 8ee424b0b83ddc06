package io.fede2e.dashboard.publish;

import java.util.List;
import java.util.Objects;

/**
 * What a publication did.
 *
 * @param root the target root, e.g. {@code gs://bucket/site}
 * @param files how many files the site has
 * @param uploaded the files whose content or headers changed, in the order they were written
 *     (index.html last)
 * @param deleted the files of the previous publication that are no longer part of the site
 */
public record PublishReport(String root, int files, List<String> uploaded, List<String> deleted) {

    public PublishReport {
        Objects.requireNonNull(root, "root");
        uploaded = List.copyOf(uploaded);
        deleted = List.copyOf(deleted);
    }

    /** How many files were already there with the same content and headers. */
    public int unchanged() {
        return files - uploaded.size();
    }
}
