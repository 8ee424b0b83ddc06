package io.fede2e.dashboard.read;

import java.util.List;

/**
 * A job of a source with its builds in the window, newest first.
 *
 * @param sourceIndex the source's position in the configuration
 * @param job the job's name in its bucket
 * @param builds the builds, newest first
 */
public record JobBuilds(int sourceIndex, String job, List<BuildRecord> builds) {

    public JobBuilds {
        builds = List.copyOf(builds);
    }
}
