package io.fede2e.dashboard.model;

import java.util.List;

/**
 * A numeric junit property of a test over builds, per provider.
 *
 * @param test the test
 * @param metric the property's name
 * @param lines one per provider, sorted by provider
 */
public record MetricSeries(TestInfo test, String metric, List<Line> lines) {

    public MetricSeries {
        lines = List.copyOf(lines);
    }

    /**
     * A provider's values, oldest first.
     *
     * @param provider the provider
     * @param points the values with their build's start
     */
    public record Line(String provider, List<Point> points) {
        public Line {
            points = List.copyOf(points);
        }
    }

    /**
     * One value.
     *
     * @param time epoch seconds of the build's start
     * @param value the value
     * @param jobSlug the job
     * @param build the build
     */
    public record Point(long time, double value, String jobSlug, long build) {
    }
}
