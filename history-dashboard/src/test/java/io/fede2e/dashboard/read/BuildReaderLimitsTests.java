package io.fede2e.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.dashboard.fakes.InMemoryObjectStore;
import io.fede2e.layout.junit.JUnitReader;
import org.junit.jupiter.api.Test;

/**
 * A bucket is untrusted: a junit file or build log too large to hold is refused from its listed
 * size, before a byte of it is read, and costs only that file of that build.
 */
class BuildReaderLimitsTests {

    private static final java.time.Clock CLOCK = java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1_795_001_000L),
            java.time.ZoneOffset.UTC);
    private static final String DIR = "logs/job/1/";
    private static final String JUNIT = """
            <testsuite name="e2e" tests="1"><testcase name="[sig-a] fine" classname="e2e" time="1"/></testsuite>
            """;

    private final InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");

    private BuildRecord read(BuildReader reader) {
        return reader.read(store, "job", 1, BuildReader.finishedGeneration(store, "job", 1));
    }

    private void build(String junit02, String log) {
        store.put(DIR + "started.json", "{\"timestamp\": 1795000000}");
        store.put(DIR + "artifacts/junit_01.xml", JUNIT);
        store.put(DIR + "artifacts/junit_02.xml", junit02);
        store.put(DIR + "build-log.txt", log);
        store.put(DIR + "finished.json", "{\"timestamp\": 1795000600, \"passed\": true, \"result\": \"SUCCESS\"}");
    }

    @Test
    void anOversizedJunitFileIsNotReadAndTheRestOfTheBuildIs() {
        build("<testsuite>" + "x".repeat(5_000) + "</testsuite>", "ok\n");
        int readsBefore = store.reads();

        BuildRecord r = read(new BuildReader(JUnitReader.withMaxBytes(2_000), CLOCK));

        assertThat(r.problems()).singleElement().asString()
                .startsWith("artifacts/junit_02.xml: oversized: 5023 bytes, over the limit of 2000 bytes");
        assertThat(r.tests()).extracting(TestResult::name).containsExactly("[sig-a] fine");
        assertThat(store.reads() - readsBefore).as("started, finished, junit_01 and the log; never junit_02")
                .isEqualTo(4);
    }

    @Test
    void anOversizedBuildLogIsNotReadAndSaysWhereToLook() {
        build(JUNIT, "y".repeat(3_000));
        int readsBefore = store.reads();

        BuildRecord r = read(new BuildReader(JUnitReader.create(), 1_000, CLOCK));

        assertThat(r.problems()).containsExactly(
                "build-log.txt is 3000 bytes, over the limit of 1000 bytes for showing its tail: open it in the bucket");
        assertThat(r.logTail()).isEmpty();
        assertThat(r.tests()).hasSize(1);
        assertThat(store.reads() - readsBefore).as("started, finished and two junit files; never the log")
                .isEqualTo(4);
    }

    @Test
    void filesWithinTheLimitsAreReadWhole() {
        build(JUNIT.replace("fine", "also fine"), "first\nE1128 boom\nlast\n");

        BuildRecord r = read(new BuildReader(JUnitReader.create(), CLOCK));

        assertThat(r.problems()).isEmpty();
        assertThat(r.logTail()).contains("E1128 boom");
        assertThat(r.tests()).extracting(TestResult::name).containsExactly("[sig-a] also fine", "[sig-a] fine");
    }
}
