package io.fede2e.ginkgo;

/**
 * A Ginkgo binary that cannot be used: not a Ginkgo e2e binary, a listing that cannot be read,
 * a process that cannot start. The message is one line that names the file and says what was
 * expected, fit to be shown to the user as it is.
 */
public final class GinkgoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a one-line {@code message}. */
    public GinkgoException(String message) {
        super(message);
    }

    /** An error with a one-line {@code message} and its {@code cause}. */
    public GinkgoException(String message, Throwable cause) {
        super(message, cause);
    }
}
