package io.fede2e.uploader;

import io.fede2e.layout.LayoutException;
import java.nio.charset.StandardCharsets;

/** Checks object names and prefixes before any I/O, the same way for every backend. */
final class ObjectNames {

    /** GCS' limit on an object name, in UTF-8 bytes. */
    static final int MAX_BYTES = 1024;

    private static final String RULES =
            "use '/'-separated segments without a leading '/', '.' or '..' segments, empty segments,"
                    + " backslashes or control characters";

    private ObjectNames() {
    }

    /** {@code name} when it is a valid object name; else a one-line {@link ObjectStoreException}. */
    static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new ObjectStoreException("object name '' is invalid (empty): " + RULES);
        }
        String problem = problem(name, false);
        if (problem != null) {
            throw invalid("object name", name, problem);
        }
        return name;
    }

    /**
     * {@code prefix} when it is a valid listing prefix: like a name, but it may be empty, end in
     * '/' and end in part of a segment.
     */
    static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String problem = problem(prefix, true);
        if (problem != null) {
            throw invalid("prefix", prefix, problem);
        }
        return prefix;
    }

    private static ObjectStoreException invalid(String what, String value, String problem) {
        return new ObjectStoreException(what + " '" + LayoutException.printable(value) + "' is invalid (" + problem
                + "): " + RULES);
    }

    private static String problem(String name, boolean prefix) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "longer than " + MAX_BYTES + " bytes";
        }
        if (name.charAt(0) == '/') {
            return "leading '/'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                return "backslash";
            }
            if (Character.isISOControl(c)) {
                return "control character";
            }
        }
        String[] segments = name.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.isEmpty() && !(last && prefix)) {
                return last ? "trailing '/'" : "empty segment";
            }
            if (s.equals("..") || s.equals(".")) {
                return "'" + s + "' segment";
            }
        }
        return null;
    }
}
