package io.fede2e.dashboard.read;

import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A build's results as columns: name, outcome and duration per test, and whole results only for
 * the few that failed or carry metrics. A cached site holds a million results; as objects they
 * would be a million long-lived objects the collector copies again and again, as columns they
 * are a few arrays per build. {@link #get} makes a plain result when asked for one.
 */
final class TestColumns extends AbstractList<TestResult> implements RandomAccess {

    private static final Outcome[] OUTCOMES = Outcome.values();

    private final String[] names;
    private final byte[] outcomes;
    private final float[] seconds;
    /** Indexes of the results kept whole, ascending, and those results. */
    private final int[] special;
    private final TestResult[] whole;
    /**
     * The skip reason of each skipped test, null where none, or null when the build has none: a
     * federation skips most of a suite on some providers, so reasons are a column of shared
     * strings, not millions of whole results.
     */
    private final String[] reasons;

    TestColumns(String[] names, byte[] outcomes, float[] seconds, int[] special, TestResult[] whole,
                String[] reasons) {
        this.names = names;
        this.outcomes = outcomes;
        this.seconds = seconds;
        this.special = special;
        this.whole = whole;
        this.reasons = reasons;
    }

    /** Fills the columns one result at a time, in the build's (name) order. */
    static final class Builder {
        private final String[] names;
        private final byte[] outcomes;
        private final float[] seconds;
        private String[] reasons;
        private final java.util.List<Integer> special = new java.util.ArrayList<>();
        private final java.util.List<TestResult> whole = new java.util.ArrayList<>();
        private int size;

        Builder(int capacity) {
            names = new String[capacity];
            outcomes = new byte[capacity];
            seconds = new float[capacity];
        }

        /**
         * Adds the next result. Only results carrying more than name, outcome, duration and a
         * skip reason are kept whole: those that failed or flaked, or carry metrics or texts.
         */
        void add(String name, Outcome outcome, float duration, String message, String details, String output,
                 Map<String, Double> metrics, String failureKey) {
            int i = size++;
            names[i] = name;
            outcomes[i] = (byte) outcome.ordinal();
            seconds[i] = duration;
            boolean texts = !details.isEmpty() || !output.isEmpty() || !failureKey.isEmpty() || !metrics.isEmpty();
            if (outcome == Outcome.SKIP && !texts) {
                if (!message.isEmpty()) {
                    if (reasons == null) {
                        reasons = new String[names.length];
                    }
                    reasons[i] = message;
                }
            } else if (outcome.failedOnce() || texts || !message.isEmpty()) {
                special.add(i);
                whole.add(new TestResult(name, outcome, duration, message, details, output, metrics, failureKey));
            }
        }

        TestColumns build() {
            if (size != names.length) {
                throw new IllegalStateException(size + " results added to columns for " + names.length);
            }
            return new TestColumns(names, outcomes, seconds, special.stream().mapToInt(Integer::intValue).toArray(),
                    whole.toArray(new TestResult[0]), reasons);
        }
    }

    @Override
    public TestResult get(int i) {
        int k = java.util.Arrays.binarySearch(special, i);
        if (k >= 0) {
            return whole[k];
        }
        // names[i] throws for an index out of range, as a list must
        return new TestResult(names[i], OUTCOMES[outcomes[i]], seconds[i], reason(i), "", "", Map.of(), "");
    }

    /** The skip reason of the {@code i}-th test, empty when it was not skipped or gave none. */
    String reason(int i) {
        if (reasons != null && reasons[i] != null) {
            return reasons[i];
        }
        int k = java.util.Arrays.binarySearch(special, i);
        return k >= 0 && whole[k].outcome() == Outcome.SKIP ? whole[k].message() : "";
    }

    String name(int i) {
        return names[i];
    }

    Outcome outcome(int i) {
        return OUTCOMES[outcomes[i]];
    }

    float seconds(int i) {
        return seconds[i];
    }

    /** See {@link BuildRecord#copyColumns}. */
    void copyColumns(String[] names, byte[] outcomes, float[] seconds, String[] skipReasons) {
        int n = this.names.length;
        System.arraycopy(this.names, 0, names, 0, n);
        System.arraycopy(this.outcomes, 0, outcomes, 0, n);
        System.arraycopy(this.seconds, 0, seconds, 0, n);
        if (reasons != null) {
            System.arraycopy(reasons, 0, skipReasons, 0, n);
        } else {
            java.util.Arrays.fill(skipReasons, 0, n, null);
        }
        // a skip kept whole (it carries texts) has its reason in its message, as reason(i) says
        for (int k = 0; k < special.length; k++) {
            if (whole[k].outcome() == Outcome.SKIP) {
                skipReasons[special[k]] = whole[k].message();
            }
        }
    }

    /** The results kept whole: those that failed or flaked, or carry metrics or texts. */
    List<TestResult> notable() {
        return java.util.Arrays.asList(whole);
    }

    /**
     * The result kept whole at {@code i}, or null when the columns hold all of it; {@code from}
     * is where to look among the whole ones, so that a walk in index order costs no search.
     */
    int wholeFrom(int from, int i) {
        return from < special.length && special[from] == i ? from : -1;
    }

    /** The {@code k}-th result kept whole, see {@link #wholeFrom}. */
    TestResult whole(int k) {
        return whole[k];
    }

    /** The skip reason column at {@code i}: empty for a result kept whole. */
    String columnReason(int i) {
        return reasons == null || reasons[i] == null ? "" : reasons[i];
    }

    @Override
    public int size() {
        return names.length;
    }
}
