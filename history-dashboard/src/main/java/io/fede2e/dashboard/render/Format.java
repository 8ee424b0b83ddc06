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

    /**
     * 9999-12-31T23:59:59Z: the last time the patterns print with four year digits. The reader
     * refuses impossible times already; this keeps a page from failing on any long all the same.
     */
    static final long MAX_SECONDS = 253_402_300_799L;

    private Format() {
    }

    private static boolean unknown(long epochSeconds) {
        return epochSeconds < 0 || epochSeconds > MAX_SECONDS;
    }

    static String date(long epochSeconds) {
        return unknown(epochSeconds) ? "?" : DATE.format(Instant.ofEpochSecond(epochSeconds));
    }

    static String time(long epochSeconds) {
        return unknown(epochSeconds) ? "unknown" : TIME.format(Instant.ofEpochSecond(epochSeconds));
    }

    static String shortTime(long epochSeconds) {
        return unknown(epochSeconds) ? "?" : SHORT.format(Instant.ofEpochSecond(epochSeconds));
    }

    static String age(long epochSeconds, Instant now) {
        if (unknown(epochSeconds)) {
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
