package io.fede2e.dashboard.read;

import java.util.List;

/**
 * A job of a source with its builds in the window, newest first.
 *
 * @param sourceIndex the source's position in the configuration
 * @param job the job's name in its bucket
 * @param builds the builds, newest first
 * @param positions each build's position among all builds of the job in its bucket, counted from
 *     0 for the oldest; same order as {@code builds}
 * @param unavailable why the job's builds could not be listed (its source or its folder), one
 *     line; the builds are then the cached ones. Empty when the listing worked.
 */
public record JobBuilds(int sourceIndex, String job, List<BuildRecord> builds, List<Integer> positions,
                        String unavailable) {

    public JobBuilds {
        unavailable = unavailable == null ? "" : unavailable;
        builds = List.copyOf(builds);
        positions = List.copyOf(positions);
        if (positions.size() != builds.size()) {
            throw new IllegalArgumentException(positions.size() + " positions for " + builds.size() + " builds");
        }
    }

    /** A job whose builds were listed. */
    public JobBuilds(int sourceIndex, String job, List<BuildRecord> builds, List<Integer> positions) {
        this(sourceIndex, job, builds, positions, "");
    }

    /** Builds that are the job's whole history, newest first: the oldest is at position 0. */
    public JobBuilds(int sourceIndex, String job, List<BuildRecord> builds) {
        this(sourceIndex, job, builds, java.util.stream.IntStream.range(0, builds.size())
                .mapToObj(i -> builds.size() - 1 - i).toList());
    }
}
