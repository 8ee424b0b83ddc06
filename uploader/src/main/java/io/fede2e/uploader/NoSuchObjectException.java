package io.fede2e.uploader;

/** The object does not exist (GCS' 404). */
public class NoSuchObjectException extends ObjectStoreException {

    public NoSuchObjectException(String message) {
        super(message, false, null);
    }

    public NoSuchObjectException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
