package io.fede2e.uploader;

/**
 * The object's decoded content is longer than the reader's bound: a bucket is untrusted, and a
 * few megabytes of gzip can inflate to gigabytes, so readers bound what they hold by decoded
 * bytes, never by the listed (stored) size alone.
 */
public class ObjectTooLargeException extends ObjectStoreException {

    private final long limit;

    public ObjectTooLargeException(String message, long limit) {
        super(message, false, null);
        this.limit = limit;
    }

    /** The bound in decoded bytes that the content exceeded. */
    public long limit() {
        return limit;
    }
}
