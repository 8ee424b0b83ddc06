package io.fede2e.uploader;

/** A store operation failed. {@link #isTransient()} says whether a retry may succeed. */
public class ObjectStoreException extends RuntimeException {

    private final boolean transientFailure;

    public ObjectStoreException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public ObjectStoreException(String message) {
        this(message, false, null);
    }

    /** Whether retrying the same call may succeed (timeouts, 429, 5xx). */
    public boolean isTransient() {
        return transientFailure;
    }
}
