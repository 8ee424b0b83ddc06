package io.fede2e.layout;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job's name as it appears in {@code logs/<job>/}: {@code [A-Za-z0-9][A-Za-z0-9._-]*}, at
 * most 200 characters. Anything else is rejected before any I/O.
 *
 * @param value the name
 */
public record JobName(String value) implements Comparable<JobName> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    public JobName {
        Objects.requireNonNull(value, "job name");
        if (!VALID.matcher(value).matches() || value.contains("..")) {
            throw new LayoutException("job name '" + LayoutException.printable(value)
                    + "' is invalid: use 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + " (no '/', '..', spaces or control characters)");
        }
    }

    /** The job called {@code value}; a clear {@link LayoutException} when it is not a valid name. */
    public static JobName of(String value) {
        return new JobName(value);
    }

    @Override
    public int compareTo(JobName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
