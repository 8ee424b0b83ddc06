package io.fede2e.dashboard.render;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Links out of the site: only http(s) and file URLs, and only into a source bucket. */
public final class Links {

    private Links() {
    }

    /**
     * {@code url} when it is an http, https or file URL that starts with {@code base} (the
     * bucket's browse URL of the build directory); otherwise empty, and the page shows the name
     * without a link.
     */
    public static Optional<String> inside(String base, String url) {
        if (url == null || base == null || base.isEmpty() || !url.startsWith(base)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
                return Optional.empty();
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (path.contains("/../") || path.endsWith("/..")) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == 0x7f) {
                return Optional.empty();
            }
        }
        return Optional.of(url);
    }
}
