package io.fede2e.uploader;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Retries transient store failures with exponential backoff and jitter. */
final class Retrier {

    private static final long CAP_MILLIS = 30_000;

    private final int attempts;
    private final Duration base;

    Retrier(int attempts, Duration base) {
        this.attempts = attempts;
        this.base = base;
    }

    int attempts() {
        return attempts;
    }

    <T> T run(Supplier<T> op) {
        for (int attempt = 1; ; attempt++) {
            try {
                return op.get();
            } catch (ObjectStoreException e) {
                if (!e.isTransient() || attempt >= attempts) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** Waits before attempt {@code attempt + 1}: base * 2^(attempt-1), between half and all of it. */
    void pause(int attempt) {
        long millis = Math.min(CAP_MILLIS, base.toMillis() << Math.min(20, attempt - 1));
        long jittered = millis / 2 + (millis > 1 ? ThreadLocalRandom.current().nextLong(millis / 2 + 1) : millis);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadException("the upload was interrupted while waiting to retry");
        }
    }
}
