package io.fede2e.uploader;

import io.fede2e.layout.LayoutException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Chooses the backend for a root. */
final class ObjectStores {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
    private static final String USAGE = "use gs://bucket[/prefix], file:///absolute/dir, file://./relative/dir"
            + " or a local path";

    private ObjectStores() {
    }

    static ObjectStore open(String root, StoreOptions options) {
        return open(root, options, System::getenv, GcsCredentials.APPLICATION_DEFAULT, Clock.systemUTC());
    }

    /** As {@link #open(String, StoreOptions)}, with the environment and credential lookup injected for tests. */
    static ObjectStore open(String root, StoreOptions options, Function<String, String> env,
                            GcsCredentials.AdcSource adc, Clock clock) {
        if (root == null || root.isBlank()) {
            throw new ObjectStoreException("the store root is empty: " + USAGE);
        }
        StoreOptions opts = options == null ? StoreOptions.defaults() : options;
        String lower = root.toLowerCase(Locale.ROOT);
        if (lower.startsWith("gs://")) {
            String rest = root.substring("gs://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
            if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
                throw new ObjectStoreException("store root '" + LayoutException.printable(root) + "' names an invalid"
                        + " bucket '" + LayoutException.printable(bucket) + "': bucket names are 3-222 lowercase"
                        + " letters, digits, '.', '_' or '-'; " + USAGE);
            }
            if (!prefix.isEmpty()) {
                try {
                    ObjectNames.check(prefix);
                } catch (ObjectStoreException e) {
                    throw new ObjectStoreException("store root '" + LayoutException.printable(root) + "' has an"
                            + " invalid prefix: " + e.getMessage());
                }
            }
            return GcsObjectStore.open(bucket, prefix, opts, env, adc);
        }
        if (lower.startsWith("file://")) {
            return FileObjectStore.open(localPath(root), clock);
        }
        if (lower.matches("[a-z][a-z0-9+.-]+://.*")) {
            throw new ObjectStoreException("store root '" + LayoutException.printable(root)
                    + "' has an unsupported scheme: " + USAGE);
        }
        try {
            return FileObjectStore.open(Path.of(root), clock);
        } catch (InvalidPathException e) {
            throw new ObjectStoreException("store root '" + LayoutException.printable(root) + "' is not a valid path ("
                    + e.getReason() + "): " + USAGE, false, e);
        }
    }

    private static Path localPath(String root) {
        String rest = root.substring("file://".length());
        try {
            if (rest.startsWith("/")) {
                return Path.of(URI.create("file://" + rest));
            }
            if (rest.equals(".") || rest.startsWith("./") || rest.equals("..") || rest.startsWith("../")) {
                return Path.of(rest);
            }
        } catch (IllegalArgumentException e) {
            // An unencoded space or such: take the text as a plain path.
            return Path.of(rest);
        }
        throw new ObjectStoreException("store root '" + LayoutException.printable(root) + "' names a host: file://"
                + " roots take none; " + USAGE);
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
