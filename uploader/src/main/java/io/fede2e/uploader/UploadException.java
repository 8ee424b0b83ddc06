package io.fede2e.uploader;

import java.util.List;

/**
 * An upload stopped, or could not begin: the message says why and what to do. When it stopped
 * midway, {@link #notWritten()} names the objects it did not write ({@code finished.json} among
 * them: a build is never marked finished after a failure).
 */
public class UploadException extends ObjectStoreException {

    private final List<String> written;
    private final List<String> notWritten;

    public UploadException(String message, List<String> written, List<String> notWritten, Throwable cause) {
        super(message, false, cause);
        this.written = List.copyOf(written);
        this.notWritten = List.copyOf(notWritten);
    }

    /** An error before anything was written. */
    public UploadException(String message) {
        this(message, List.of(), List.of(), null);
    }

    /** Objects this upload wrote before it stopped, sorted. */
    public List<String> written() {
        return written;
    }

    /** Objects this upload was to write and did not, sorted. */
    public List<String> notWritten() {
        return notWritten;
    }
}
