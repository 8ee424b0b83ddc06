package io.fede2e.dashboard.model;

import io.fede2e.dashboard.SourceConfig;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.layout.BuildState;
import java.util.List;

/**
 * A job on the site with its grid.
 *
 * @param name the shown name: the source's prefix and the job's name in its bucket
 * @param slug the file-name-safe id of its pages
 * @param source the source it comes from
 * @param sourceIndex its position in the configuration
 * @param bucketJob the job's name in its bucket
 * @param provider the provider it runs on
 * @param builds its builds in the window, newest first
 * @param buildStates the state of each build, same order
 * @param overall the Overall row, same order
 * @param rows a row per test, most failing first, then by name
 * @param status its summary status
 * @param statusReason why, in one sentence
 * @param passRate completed builds that passed, 0 to 1, or -1 when none completed
 * @param failingTests tests whose newest result failed
 * @param positions each build's position among all builds of the job, 0 for the oldest; same order as builds
 */
public record Job(String name, String slug, SourceConfig source, int sourceIndex, String bucketJob, String provider,
                  List<BuildRecord> builds, List<BuildState> buildStates, List<CellState> overall,
                  List<GridRow> rows, TabStatus status, String statusReason, double passRate, int failingTests,
                  List<Integer> positions) {

    public Job {
        builds = List.copyOf(builds);
        buildStates = List.copyOf(buildStates);
        overall = List.copyOf(overall);
        rows = List.copyOf(rows);
        positions = List.copyOf(positions);
    }

    /** The newest build, or null when the window has none. */
    public BuildRecord newest() {
        return builds.isEmpty() ? null : builds.get(0);
    }
}
