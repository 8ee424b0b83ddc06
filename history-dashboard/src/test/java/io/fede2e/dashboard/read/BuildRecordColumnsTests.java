package io.fede2e.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link BuildRecord#copyColumns} gives what the per-test accessors give, whatever holds the tests. */
class BuildRecordColumnsTests {

    static BuildRecord record(List<TestResult> tests) {
        return new BuildRecord("gs://b", "job", 1, 1, 100, 200, "SUCCESS", "", "", List.of(), tests, List.of(), "",
                List.of());
    }

    /** Columns as the cache holds them: pass, failure, skip with a reason, skip kept whole, bare skip. */
    static TestColumns columns(boolean reasons) {
        TestColumns.Builder b = new TestColumns.Builder(reasons ? 5 : 4);
        b.add("a", Outcome.PASS, 1f, "", "", "", Map.of(), "");
        b.add("b", Outcome.FAIL, 2f, "boom at 10.0.0.1", "at x.go:1", "out", Map.of(), "boom at <IP>");
        if (reasons) {
            b.add("c", Outcome.SKIP, 0f, "requires capability load-balancer", "", "", Map.of(), "");
        }
        // a skip carrying output is kept whole: its reason is its message
        b.add("d", Outcome.SKIP, 0f, "not on this provider", "", "skipped at y.go:2", Map.of(), "");
        b.add("e", Outcome.SKIP, 0f, "", "", "", Map.of(), "");
        return b.build();
    }

    /** The accessors' view, a skip reason as null where there is none. */
    static List<String> byAccessors(BuildRecord r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.tests().size(); i++) {
            String reason = r.testSkipReason(i);
            out.add(r.testName(i) + "|" + r.testOutcome(i) + "|" + r.testSeconds(i) + "|"
                    + (reason.isEmpty() ? null : reason));
        }
        return out;
    }

    /** The copied columns' view, read from arrays filled with leftovers of a longer build first. */
    static List<String> byCopy(BuildRecord r) {
        int n = r.tests().size();
        String[] names = new String[n + 2];
        byte[] outcomes = new byte[n + 2];
        float[] seconds = new float[n + 2];
        String[] reasons = new String[n + 2];
        Arrays.fill(reasons, "left over");
        r.copyColumns(names, outcomes, seconds, reasons);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String reason = reasons[i] == null || reasons[i].isEmpty() ? null : reasons[i];
            out.add(names[i] + "|" + Outcome.values()[outcomes[i]] + "|" + seconds[i] + "|" + reason);
        }
        return out;
    }

    @Nested
    class Columns {

        @Test
        void theCopyIsWhatTheAccessorsGiveWithEachSkipsReason() {
            BuildRecord r = record(columns(true));
            assertThat(byCopy(r)).isEqualTo(byAccessors(r)).containsExactly(
                    "a|PASS|1.0|null", "b|FAIL|2.0|null", "c|SKIP|0.0|requires capability load-balancer",
                    "d|SKIP|0.0|not on this provider", "e|SKIP|0.0|null");
        }

        @Test
        void aBuildWithoutAReasonColumnLeavesNoReasonFromAnEarlierBuild() {
            BuildRecord r = record(columns(false));
            assertThat(byCopy(r)).isEqualTo(byAccessors(r)).containsExactly(
                    "a|PASS|1.0|null", "b|FAIL|2.0|null", "d|SKIP|0.0|not on this provider", "e|SKIP|0.0|null");
        }
    }

    @Nested
    class PlainResults {

        @Test
        void theCopyIsWhatTheAccessorsGive() {
            BuildRecord r = record(List.of(new TestResult("a", Outcome.PASS, 1f, "", "", "", Map.of()),
                    new TestResult("b", Outcome.FLAKY, 2f, "flaked", "", "", Map.of()),
                    new TestResult("c", Outcome.SKIP, 0f, "no GPU", "", "", Map.of()),
                    new TestResult("d", Outcome.SKIP, 0f, "", "", "", Map.of())));
            assertThat(byCopy(r)).isEqualTo(byAccessors(r)).containsExactly(
                    "a|PASS|1.0|null", "b|FLAKY|2.0|null", "c|SKIP|0.0|no GPU", "d|SKIP|0.0|null");
        }
    }
}
