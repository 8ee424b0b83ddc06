package io.fede2e.dashboard.read;

import io.fede2e.layout.junit.TestCase;
import java.util.Arrays;
import java.util.Map;

/**
 * A build's test results gathered case by case as the parser gives them, then put in name order
 * as the cache's columns. A passed or skipped case costs a pooled name, a byte, a float and a
 * reference to a shared skip reason; only a case that failed or carries metrics is kept as a
 * whole {@link TestResult}. Not thread-safe: one per build being read.
 */
final class BuildTests {

    private static final Outcome[] OUTCOMES = Outcome.values();

    private final NamePool pool;
    private final Map<String, String> reasonPool;
    private NamePool.Name[] names = new NamePool.Name[256];
    private byte[] outcomes = new byte[256];
    private float[] seconds = new float[256];
    /** Skip reasons by case, allocated with the first skip that gives one. */
    private String[] reasons;
    /** Whole results by case, allocated with the first case that needs one. */
    private TestResult[] whole;
    private int size;
    private int ids;
    /** The last skip text met and the reason made of it: a build skips thousands of tests for a few reasons. */
    private String lastSkipText;
    private String lastReason = "";

    /** {@code reasonPool} shares one instance of each skip reason among the builds of a reader. */
    BuildTests(NamePool pool, Map<String, String> reasonPool) {
        this.pool = pool;
        this.reasonPool = reasonPool;
    }

    /**
     * Adds a case, in the order the build's junit files list them; {@code failureKey} is a failed
     * case's key when computed already ({@code null}: computed here).
     */
    void add(TestCase c, String failureKey) {
        NamePool.Name name = pool.intern(c.name());
        Outcome o = BuildReader.outcome(c.status());
        int i = size++;
        if (i == names.length) {
            int grown = i * 2;
            names = Arrays.copyOf(names, grown);
            outcomes = Arrays.copyOf(outcomes, grown);
            seconds = Arrays.copyOf(seconds, grown);
            reasons = reasons == null ? null : Arrays.copyOf(reasons, grown);
            whole = whole == null ? null : Arrays.copyOf(whole, grown);
        }
        names[i] = name;
        outcomes[i] = (byte) o.ordinal();
        seconds[i] = (float) c.timeSeconds();
        ids = Math.max(ids, name.id() + 1);
        if (o.failedOnce() || !c.properties().isEmpty() && !c.metrics().isEmpty()) {
            if (whole == null) {
                whole = new TestResult[names.length];
            }
            whole[i] = BuildReader.toResult(c, name.text(), reasonPool, failureKey);
        } else if (o == Outcome.SKIP) {
            String reason = reason(c.message().isEmpty() ? c.details() : c.message());
            if (!reason.isEmpty()) {
                if (reasons == null) {
                    reasons = new String[names.length];
                }
                reasons[i] = reason;
            }
        }
    }

    private String reason(String text) {
        if (!text.equals(lastSkipText)) {
            lastSkipText = text;
            lastReason = reasonPool.computeIfAbsent(BuildReader.skipReason(text), r -> r);
        }
        return lastReason;
    }

    /**
     * The results in name order, one per name: the cases of one name (Ginkgo's retries of a
     * flaky test) folded in the order they were added, as {@link BuildReader#fold} says.
     */
    TestColumns columns() {
        int[] order = order();
        int distinct = 0;
        for (int k = 0; k < size; k++) {
            if (k == 0 || names[order[k]] != names[order[k - 1]]) {
                distinct++;
            }
        }
        TestColumns.Builder b = new TestColumns.Builder(distinct);
        for (int k = 0; k < size; ) {
            int i = order[k];
            int end = k + 1;
            while (end < size && names[order[end]] == names[i]) {
                end++;
            }
            if (end == k + 1 && (whole == null || whole[i] == null)) {
                String reason = reasons == null || reasons[i] == null ? "" : reasons[i];
                b.add(names[i].text(), OUTCOMES[outcomes[i]], seconds[i], reason, "", "", Map.of(), "");
            } else {
                TestResult r = result(i);
                for (int j = k + 1; j < end; j++) {
                    r = BuildReader.fold(r, result(order[j]));
                }
                b.add(r.name(), r.outcome(), r.seconds(), r.message(), r.details(), r.output(), r.metrics(),
                        r.failureKey());
            }
            k = end;
        }
        return b.build();
    }

    private TestResult result(int i) {
        if (whole != null && whole[i] != null) {
            return whole[i];
        }
        String reason = reasons == null || reasons[i] == null ? "" : reasons[i];
        return new TestResult(names[i].text(), OUTCOMES[outcomes[i]], seconds[i], reason, "", "", Map.of());
    }

    /**
     * The cases' indexes in name order, cases of one name in the order added. By the pool's
     * ranks when they cover every name here: counting the ranks when the pool is not much
     * larger than the build (a federation's builds list most of the pool), else sorting longs
     * (rank, then index); by comparing the names when the ranks do not cover them (a build
     * bringing names the pool has not ranked yet).
     */
    private int[] order() {
        int[] ranks = pool.ranks(ids);
        int[] order = new int[size];
        if (ids <= ranks.length && ranks.length <= 4L * size + 1024) {
            int[] next = new int[ranks.length + 1];
            for (int i = 0; i < size; i++) {
                next[ranks[names[i].id()] + 1]++;
            }
            for (int r = 0; r < ranks.length; r++) {
                next[r + 1] += next[r];
            }
            for (int i = 0; i < size; i++) {
                order[next[ranks[names[i].id()]]++] = i;
            }
        } else if (ids <= ranks.length) {
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) {
                keys[i] = (long) ranks[names[i].id()] << 32 | i;
            }
            Arrays.sort(keys);
            for (int k = 0; k < size; k++) {
                order[k] = (int) keys[k];
            }
        } else {
            Integer[] boxed = new Integer[size];
            for (int i = 0; i < size; i++) {
                boxed[i] = i;
            }
            // a stable sort: the cases of one name keep the order they were added in
            Arrays.sort(boxed, (a, b) -> names[a].text().compareTo(names[b].text()));
            for (int k = 0; k < size; k++) {
                order[k] = boxed[k];
            }
        }
        return order;
    }
}
