package io.fede2e.runner;

/**
 * A failure the CLI reports as one line and an exit code: it already says what went wrong and
 * what to do, so no stack trace is shown without {@code --stacktrace}.
 */
public class CliException extends RuntimeException {

    /** All tests passed. */
    public static final int OK = 0;
    /** Tests failed. */
    public static final int TEST_FAILURE = 1;
    /** Bad flags, variables or configuration. */
    public static final int USAGE = 2;
    /** Up, Down or upload failed. */
    public static final int INFRASTRUCTURE = 3;
    /** Stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report it). */
    public static final int ABORTED = 130;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
