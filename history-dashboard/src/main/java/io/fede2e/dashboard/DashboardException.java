package io.fede2e.dashboard;

/** The site could not be built: a bad configuration or an output that cannot be written. */
public class DashboardException extends RuntimeException {

    public DashboardException(String message) {
        super(message);
    }

    public DashboardException(String message, Throwable cause) {
        super(message, cause);
    }
}
