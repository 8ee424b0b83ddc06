package io.fede2e.provider.api;

/**
 * A provider step failed. The message says what failed, on which resource, and what to do
 * next; {@link #output()} keeps the output of the commands or calls that failed, for the
 * step's testcase in junit_runner.xml.
 */
public class ProviderException extends RuntimeException {

    private final String output;

    public ProviderException(String message) {
        this(message, "", null);
    }

    public ProviderException(String message, Throwable cause) {
        this(message, "", cause);
    }

    public ProviderException(String message, String output, Throwable cause) {
        super(message, cause);
        this.output = output == null ? "" : output;
    }

    /** Captured output of the failed command or call, empty when there is none. */
    public String output() {
        return output;
    }
}
