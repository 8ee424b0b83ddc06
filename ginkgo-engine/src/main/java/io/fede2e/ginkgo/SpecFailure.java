package io.fede2e.ginkgo;

/**
 * A spec that failed in the e2e binary: Ginkgo's failure message, and its failure block (the
 * location and the rest) as the stack trace would be for a Java test.
 */
final class SpecFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final String details;

    SpecFailure(String message, String details) {
        super(message == null || message.isBlank() ? "failed (no message in the output)" : message);
        this.details = details == null ? "" : details;
        setStackTrace(new StackTraceElement[0]);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String toString() {
        return details.isBlank() ? getMessage() : getMessage() + "\n" + details;
    }
}
