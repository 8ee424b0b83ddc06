package io.fede2e.uploader;

/** A write's {@code ifGenerationMatch} did not hold (GCS' 412). */
public class PreconditionFailedException extends ObjectStoreException {

    public PreconditionFailedException(String message) {
        super(message, false, null);
    }

    public PreconditionFailedException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
