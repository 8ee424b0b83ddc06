package io.fede2e.e2e;

/**
 * A configuration parameter of the suite is missing or invalid. The message is one line that names
 * the parameter and says what to pass.
 */
public final class E2eConfigurationException extends RuntimeException {

    /** An error with a one-line message naming the parameter. */
    public E2eConfigurationException(String message) {
        super(message);
    }
}
