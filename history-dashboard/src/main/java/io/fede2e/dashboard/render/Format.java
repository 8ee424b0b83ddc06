package io.fede2e.dashboard.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates, ages, rates and durations as the pages show them, always in UTC. */
final class Format {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String date(long epochSeconds) {
        return epochSeconds < 0 ? "?" : DATE.format(Instant.ofEpochSecond(epochSeconds));
    }

    static String time(long epochSeconds) {
        return epochSeconds < 0 ? "unknown" : TIME.format(Instant.ofEpochSecond(epochSeconds));
    }

    static String shortTime(long epochSeconds) {
        return epochSeconds < 0 ? "?" : SHORT.format(Instant.ofEpochSecond(epochSeconds));
    }

    static String age(long epochSeconds, Instant now) {
        if (epochSeconds < 0) {
            return "unknown";
        }
        long s = Math.max(0, now.getEpochSecond() - epochSeconds);
        if (s < 3600) {
            return (s / 60) + " min ago";
        }
        if (s < 2 * 86400) {
            return (s / 3600) + " h ago";
        }
        return (s / 86400) + " days ago";
    }

    static String percent(double ratio) {
        return ratio < 0 ? "\u2013" : Math.round(100 * ratio) + "%";
    }

    static String duration(double seconds) {
        if (seconds < 0) {
            return "\u2013";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
