package io.fede2e.e2e;

/**
 * A wait helper timed out. The message says what was awaited, for how long, and the last state it
 * observed, for example {@code pod web not Running after 30s; last phase Pending, conditions:
 * PodScheduled=False (Unschedulable: 0/3 nodes are available)}. It is an {@link AssertionError}, so
 * reports count it as a test failure, not as an error of the suite.
 */
public final class WaitTimeoutException extends AssertionError {

    private final String lastObserved;

    /** A timeout whose message includes the last observed state. */
    public WaitTimeoutException(String message, String lastObserved) {
        super(message);
        this.lastObserved = lastObserved;
    }

    /** The last state the wait observed, as described in the message. */
    public String lastObserved() {
        return lastObserved;
    }
}
