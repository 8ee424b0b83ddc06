package io.fede2e.layout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a build's started.json and finished.json say about it, as TestGrid reads them.
 */
public enum BuildState {
    /** Started, not finished, and started less than {@link #RUNNING_LIMIT} ago. */
    RUNNING,
    /** finished.json says it passed. */
    SUCCESS,
    /**
     * finished.json says it failed, or says neither passed nor failed (or cannot be read), or it started more than
     * {@link #RUNNING_LIMIT} ago and never finished (the runner died: TestGrid's rule).
     */
    FAILURE,
    /** finished.json says it was aborted (Jenkins abort, a signal). */
    ABORTED,
    /** Neither file exists: nothing says a build ran, for example a directory of stray artifacts. */
    UNKNOWN;

    /** How long a build without finished.json counts as running. */
    public static final Duration RUNNING_LIMIT = Duration.ofHours(24);

    /**
     * The state of a build.
     *
     * @param started its started.json, or null when there is none
     * @param finished its finished.json, or null when there is none
     * @param now the current time (from an injected Clock)
     */
    public static BuildState of(Started started, Finished finished, Instant now) {
        return of(started == null ? null : started.timestamp(), finished != null,
                finished == null ? null : finished.result(), now);
    }

    /**
     * The state from what a reader kept of the two files, by the same rule: a finished.json
     * that is there but names no result, or cannot be read, is a FAILURE (the run ended and
     * never said it passed).
     *
     * @param startedAt started.json's timestamp in epoch seconds, or null when there is no
     *     usable started.json (none, unreadable, or a time a reader refused)
     * @param finished whether finished.json is there, readable or not
     * @param result finished.json's result, or null when it names none or cannot be read
     * @param now the current time (from an injected Clock)
     */
    public static BuildState of(Long startedAt, boolean finished, Result result, Instant now) {
        Objects.requireNonNull(now, "now");
        if (finished) {
            if (result == null) {
                return FAILURE;
            }
            return switch (result) {
                case SUCCESS -> SUCCESS;
                case FAILURE -> FAILURE;
                case ABORTED -> ABORTED;
            };
        }
        if (startedAt == null) {
            return UNKNOWN;
        }
        // A missing or zero timestamp reads as 1970: long past the limit, so a failure. Compared
        // without Instant or subtraction from the start: any long from a bucket is a valid input.
        return startedAt > now.getEpochSecond() - RUNNING_LIMIT.getSeconds() ? RUNNING : FAILURE;
    }

    /** Whether the build is over (anything but RUNNING and UNKNOWN). */
    public boolean isFinal() {
        return this == SUCCESS || this == FAILURE || this == ABORTED;
    }
}
