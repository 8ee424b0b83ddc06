package io.fede2e.dashboard.publish;

import io.fede2e.uploader.ObjectStore;
import java.nio.file.Path;

/**
 * Publishes a site directory built by {@link io.fede2e.dashboard.Dashboard} to a root
 * ({@code gs://bucket/prefix} or {@code file:///dir}) so that readers never see a broken site:
 * only files whose content or headers changed are uploaded (compared with the MD5 checksums of
 * one listing), assets and data first, pages next, index.html last, and files of the previous
 * publication that left the site are deleted only after that. A failure stops the publication
 * with the previous site whole: every page it had is still there, and its index.html too.
 */
public interface SitePublisher {

    /** The name of the list of files the last publication wrote, kept at the root; only these are ever deleted. */
    String PUBLISHED = "fede2e-published.txt";

    /** A publisher to {@code target}; the caller keeps ownership of the store. */
    static SitePublisher to(ObjectStore target) {
        return new ChecksumPublisher(target);
    }

    /**
     * Publishes {@code siteDir}; hidden files (names starting with '.', such as the site writer's
     * manifest and the job cache) are not part of the site.
     *
     * @throws io.fede2e.dashboard.DashboardException with a one-line reason when a file cannot be
     *     read or written; the previous site is then still whole
     */
    PublishReport publish(Path siteDir);
}
