package io.fede2e.layout;

/**
 * A job's name as it appears in {@code logs/<job>/}: {@code [A-Za-z0-9][A-Za-z0-9._-]*}, at
 * most 200 characters, without {@code ..}. Anything else is rejected before any I/O.
 *
 * @param value the name
 */
public record JobName(String value) implements Comparable<JobName> {

    /** The longest name accepted; GCS allows 1024-byte object names, and a path has more parts. */
    public static final int MAX_LENGTH = 200;

    private static final String RULE = "use 1-" + MAX_LENGTH
            + " letters, digits, '.', '_' or '-', starting with a letter or digit (such as Jenkins' JOB_NAME"
            + " ci-fede2e-azure-conformance)";

    public JobName {
        String problem = problem(value);
        if (problem != null) {
            String shown = value == null ? "" : "'" + LayoutException.printable(value) + "' ";
            throw new LayoutException("job name " + shown + problem + ": " + RULE);
        }
    }

    /** The job called {@code value}; a clear {@link LayoutException} when it is not a valid name. */
    public static JobName of(String value) {
        return new JobName(value);
    }

    /** Why {@code value} is not a job name, or null when it is one. */
    private static String problem(String value) {
        if (value == null) {
            return "is missing";
        }
        if (value.isEmpty()) {
            return "is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "is " + value.length() + " characters long";
        }
        if (value.contains("..")) {
            return "contains '..'";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (alnum) {
                continue;
            }
            if (i == 0) {
                return "starts with " + describe(c);
            }
            if (c != '.' && c != '_' && c != '-') {
                return "contains " + describe(c);
            }
        }
        return null;
    }

    private static String describe(char c) {
        if (c == '/' || c == '\\') {
            return "a path separator '" + c + "'";
        }
        if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)) {
            return String.format("the control character \\u%04x", (int) c);
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return "a space";
        }
        return "'" + c + "'";
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
