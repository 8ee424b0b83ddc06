package io.fede2e.dashboard;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one generation did.
 *
 * @param jobs jobs shown
 * @param buildsRead builds parsed from their buckets this time
 * @param buildsFromCache builds taken from the cache of parsed builds
 * @param brokenBuilds builds with a missing or malformed file (shown on the site with the reason)
 * @param tests distinct tests shown
 * @param testResults test results (test x build) aggregated
 * @param index the site's entry page, {@code <out>/index.html}
 * @param notices one line each for the console: a source or job shown from the cache because it
 *     cannot be listed, a bucket read anonymously; empty when all went as configured
 */
public record DashboardResult(int jobs, int buildsRead, int buildsFromCache, int brokenBuilds, int tests,
                              long testResults, Path index, List<String> notices) {

    public DashboardResult {
        Objects.requireNonNull(index, "index");
        notices = List.copyOf(notices);
    }
}
