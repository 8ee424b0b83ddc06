package io.fede2e.layout;

/**
 * A build's id: a decimal number, increasing per job (Jenkins' BUILD_NUMBER, or allocated).
 *
 * @param value the number, from 0 to 10^18
 */
public record BuildId(long value) implements Comparable<BuildId> {

    /** The largest id accepted: 18 digits keeps every id a positive long. */
    public static final long MAX = 999_999_999_999_999_999L;

    public BuildId {
        if (value < 0 || value > MAX) {
            throw new LayoutException("build id " + value + " is out of range: use a number from 0 to " + MAX);
        }
    }

    /** Parses a decimal build id; anything else is a clear {@link LayoutException}. */
    public static BuildId parse(String text) {
        if (text == null || !text.matches("[0-9]{1,18}")) {
            throw new LayoutException("build id '" + LayoutException.printable(String.valueOf(text))
                    + "' is invalid: use a decimal number of at most 18 digits (such as Jenkins' BUILD_NUMBER)");
        }
        return new BuildId(Long.parseLong(text));
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
