package io.fede2e.layout;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * latest-build.txt: the job's newest build id as bare decimal text. Prow writes it without a
 * newline, the 2016 scripts with one (from {@code echo}); both read the same.
 */
public final class LatestBuild {

    /** Longer content is not a build id; the limit keeps a hostile object from being echoed whole. */
    private static final int MAX_BYTES = 64;

    private LatestBuild() {
    }

    /**
     * Reads the build id in the content of latest-build.txt; surrounding whitespace (a trailing
     * newline, CRLF, a UTF-8 byte order mark) is ignored.
     *
     * @param content the object's bytes
     * @param source the object or file name, for errors
     * @throws LayoutException when the content is empty or not a single decimal build id
     */
    public static BuildId parse(byte[] content, String source) {
        Objects.requireNonNull(content, "content");
        if (content.length > MAX_BYTES) {
            throw new LayoutException(name(source) + ": holds " + content.length
                    + " bytes, not a build id: expected bare decimal text such as 42; rewrite it with the newest build id");
        }
        return parse(new String(content, StandardCharsets.UTF_8), source);
    }

    /**
     * Reads the build id in {@code text}; see {@link #parse(byte[], String)}.
     *
     * @throws LayoutException when the text is empty or not a single decimal build id
     */
    public static BuildId parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (!t.isEmpty() && t.charAt(0) == '\uFEFF') {
            t = t.substring(1).strip();
        }
        if (t.isEmpty()) {
            throw new LayoutException(name(source) + ": is empty: expected the newest build id as bare decimal text"
                    + " such as 42; rewrite it, or delete it to have it recomputed from the builds");
        }
        try {
            return BuildId.parse(t);
        } catch (LayoutException e) {
            throw new LayoutException(name(source) + ": '" + LayoutException.printable(t)
                    + "' is not a build id: expected bare decimal text such as 42; rewrite it with the newest build id", e);
        }
    }

    /** The content to store: the id's decimal text, no newline (as Prow writes it). */
    public static String format(BuildId build) {
        return Objects.requireNonNull(build, "build").toString();
    }

    /** {@link #format} as UTF-8 bytes. */
    public static byte[] toBytes(BuildId build) {
        return format(build).getBytes(StandardCharsets.UTF_8);
    }

    private static String name(String source) {
        return source == null || source.isEmpty() ? BuildPaths.LATEST_BUILD : LayoutException.printable(source, 1000);
    }
}
