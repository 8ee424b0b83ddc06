package io.fede2e.uploader;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Uploader} works.
 *
 * @param parallelism how many objects are written at once, 1 to 64
 * @param attempts how many times a write is tried when it fails transiently (timeouts, 429, 5xx), 1 to 20
 * @param backoffBase the wait before the second attempt; it doubles with each further one (with
 *     jitter), capped at 30 s
 * @param listener told of each object written
 */
public record UploadOptions(int parallelism, int attempts, Duration backoffBase, UploadListener listener) {

    public UploadOptions {
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("upload parallelism must be from 1 to 64, not " + parallelism);
        }
        if (attempts < 1 || attempts > 20) {
            throw new IllegalArgumentException("upload attempts must be from 1 to 20, not " + attempts);
        }
        Objects.requireNonNull(backoffBase, "backoffBase");
        if (backoffBase.isNegative()) {
            throw new IllegalArgumentException("upload backoff must not be negative, not " + backoffBase);
        }
        listener = listener == null ? UploadListener.NONE : listener;
    }

    /** 8 at once, 5 attempts, backoff from 500 ms, no listener. */
    public static UploadOptions defaults() {
        return new UploadOptions(8, 5, Duration.ofMillis(500), UploadListener.NONE);
    }

    /** The same options with {@code value} writes at once. */
    public UploadOptions withParallelism(int value) {
        return new UploadOptions(value, attempts, backoffBase, listener);
    }

    /** The same options with {@code value} attempts per write. */
    public UploadOptions withAttempts(int value) {
        return new UploadOptions(parallelism, value, backoffBase, listener);
    }

    /** The same options with the backoff starting at {@code value}. */
    public UploadOptions withBackoffBase(Duration value) {
        return new UploadOptions(parallelism, attempts, value, listener);
    }

    /** The same options telling {@code value} of each object written. */
    public UploadOptions withListener(UploadListener value) {
        return new UploadOptions(parallelism, attempts, backoffBase, value);
    }
}
