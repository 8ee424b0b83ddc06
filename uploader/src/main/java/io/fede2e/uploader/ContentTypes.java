package io.fede2e.uploader;

import java.util.Locale;
import java.util.Map;

/** Content types by file extension (the uploader's and the site publisher's), and which files are stored gzip-encoded. */
public final class ContentTypes {

    /** Text files larger than this are stored gzip-encoded. */
    static final int GZIP_THRESHOLD = 1024;

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", TEXT),
            Map.entry("log", TEXT),
            Map.entry("json", "application/json"),
            Map.entry("xml", "application/xml"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("yaml", "application/yaml"),
            Map.entry("yml", "application/yaml"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("gz", "application/gzip"),
            Map.entry("tgz", "application/gzip"),
            Map.entry("tar", "application/x-tar"),
            Map.entry("zip", "application/zip"),
            Map.entry("pdf", "application/pdf"));
    private static final String OTHER = "application/octet-stream";

    private ContentTypes() {
    }

    /** The Content-Type of a file called {@code name}, by its extension; {@code application/octet-stream} when unknown. */
    public static String of(String name) {
        String ext = extension(name);
        return ext == null ? OTHER : BY_EXTENSION.getOrDefault(ext, OTHER);
    }

    /** Whether a file of {@code size} bytes called {@code name} is stored gzip-encoded (.txt .log .xml .json over 1 KiB). */
    static boolean compress(String name, long size) {
        if (size <= GZIP_THRESHOLD) {
            return false;
        }
        String ext = extension(name);
        return ext != null && (ext.equals("txt") || ext.equals("log") || ext.equals("xml") || ext.equals("json"));
    }

    private static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash + 1 || dot == name.length() - 1) {
            return null;
        }
        return name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
