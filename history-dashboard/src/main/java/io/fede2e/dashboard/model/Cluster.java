package io.fede2e.dashboard.model;

import java.util.List;

/**
 * Failures whose normalized texts are equal (Triage's idea).
 *
 * @param id a content-derived id
 * @param normalized the normalized text
 * @param example one original text
 * @param count failures in the cluster
 * @param tests the tests, sorted
 * @param jobs the job names, sorted
 * @param providers the providers, sorted
 * @param hits each failure: job slug and build, newest first
 * @param firstSeen epoch seconds of the oldest failure's build start
 * @param lastSeen epoch seconds of the newest failure's build start
 */
public record Cluster(String id, String normalized, String example, int count, List<TestInfo> tests, List<String> jobs,
                      List<String> providers, List<Hit> hits, long firstSeen, long lastSeen) {

    public Cluster {
        tests = List.copyOf(tests);
        jobs = List.copyOf(jobs);
        providers = List.copyOf(providers);
        hits = List.copyOf(hits);
    }

    /**
     * One failure of a cluster.
     *
     * @param job the job's shown name
     * @param jobSlug its slug
     * @param build the build id
     * @param startedAt the build's start, epoch seconds
     * @param test the test
     */
    public record Hit(String job, String jobSlug, long build, long startedAt, TestInfo test) {
    }
}
