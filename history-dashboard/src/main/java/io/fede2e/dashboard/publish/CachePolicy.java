package io.fede2e.dashboard.publish;

import java.util.regex.Pattern;

/**
 * Cache-Control per site file: pages and data change every hour, so browsers and the GCS edge
 * cache must revalidate them soon; a file whose name carries its content hash never changes
 * under that name, so it may be kept for a year.
 */
final class CachePolicy {

    /** HTML, data/*.json and assets without a hash in their name: the next publication may change them. */
    static final String SHORT = "public, max-age=60";
    /** Assets named by their content hash, e.g. {@code site.3f2a9c1b.css}. */
    static final String LONG = "public, max-age=31536000, immutable";

    /** A hex hash of 8 or more digits as a name part: {@code name.<hash>.ext} or {@code name-<hash>.ext}. */
    private static final Pattern HASHED = Pattern.compile("(?:^|.*/)[^/]*[.-][0-9a-f]{8,}\\.[A-Za-z0-9]+");

    private CachePolicy() {
    }

    static String of(String name) {
        if (name.endsWith(".html") || name.startsWith("data/")) {
            return SHORT;
        }
        return HASHED.matcher(name).matches() ? LONG : SHORT;
    }
}
