package io.fede2e.layout;

/**
 * A build's id: a decimal number, increasing per job (Jenkins' BUILD_NUMBER, or allocated).
 *
 * @param value the number, from 0 to {@link #MAX}
 */
public record BuildId(long value) implements Comparable<BuildId> {

    /** The largest id accepted: 18 digits keeps every id a positive long. */
    public static final long MAX = 999_999_999_999_999_999L;

    private static final int MAX_DIGITS = 18;

    public BuildId {
        if (value < 0 || value > MAX) {
            throw new LayoutException("build id " + value + " is out of range: use a number from 0 to " + MAX);
        }
    }

    /**
     * Parses a decimal build id such as Jenkins' BUILD_NUMBER: ASCII digits only, at most 18,
     * no sign or spaces. Anything else is a clear {@link LayoutException}.
     */
    public static BuildId parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            String shown = text == null ? "" : "'" + LayoutException.printable(text) + "' ";
            throw new LayoutException("build id " + shown + problem
                    + ": use a decimal number of at most " + MAX_DIGITS + " digits (such as Jenkins' BUILD_NUMBER)");
        }
        return new BuildId(Long.parseLong(text));
    }

    private static String problem(String text) {
        if (text == null) {
            return "is missing";
        }
        if (text.isEmpty()) {
            return "is empty";
        }
        if (text.charAt(0) == '-' && text.length() > 1 && allDigits(text.substring(1))) {
            return "is negative";
        }
        if (!allDigits(text)) {
            return "is not a number";
        }
        if (text.length() > MAX_DIGITS) {
            return "has " + text.length() + " digits";
        }
        return null;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** The id after this one. */
    public BuildId next() {
        return new BuildId(value + 1);
    }

    @Override
    public int compareTo(BuildId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
