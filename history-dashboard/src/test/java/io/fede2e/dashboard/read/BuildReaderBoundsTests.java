package io.fede2e.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.dashboard.fakes.GzipBucket;
import io.fede2e.layout.junit.JUnitReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the reader holds of a build is bounded by decoded bytes and sane values, on a real
 * file:// bucket whose objects are gzip-encoded as the uploader writes them.
 */
class BuildReaderBoundsTests {

    static final long NOW = 1_795_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String DIR = "logs/job/1/";
    static final String JUNIT = "<testsuite><testcase name=\"[sig-a] fine\" time=\"1\"/></testsuite>";

    @TempDir
    Path tmp;
    GzipBucket bucket;

    @BeforeEach
    void open() {
        bucket = GzipBucket.in(tmp.resolve("bucket"));
    }

    @AfterEach
    void close() {
        bucket.close();
    }

    BuildRecord read() {
        return read(new BuildReader(JUnitReader.create(), CLOCK));
    }

    BuildRecord read(BuildReader reader) {
        return reader.read(bucket.store(), "job", 1, BuildReader.finishedGeneration(bucket.store(), "job", 1));
    }

    void good() {
        bucket.put(DIR + "started.json", "{\"timestamp\": " + (NOW - 600) + "}")
                .put(DIR + "artifacts/junit_01.xml", JUNIT)
                .put(DIR + "build-log.txt", "one\ntwo\n")
                .put(DIR + "finished.json", "{\"timestamp\": " + (NOW - 60) + ", \"result\": \"SUCCESS\"}");
    }

    @Nested
    class Times {

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "100000000000000000, started.json: timestamp 100000000000000000 is in the future: its time is shown as unknown, -1",
            "1794999400000, started.json: timestamp 1794999400000 is in milliseconds&#44; not seconds: read as 1794999400, 1794999400",
            "1794999400000000, started.json: timestamp 1794999400000000 is in microseconds&#44; not seconds: read as 1794999400, 1794999400",
            "1794999400000000000, started.json: timestamp 1794999400000000000 is in nanoseconds&#44; not seconds: read as 1794999400, 1794999400",
            "-5, started.json: timestamp -5 is before 1970: its time is shown as unknown, -1",
            "0, started.json: has no timestamp: its time is shown as unknown, -1",
            "1795172801, started.json: timestamp 1795172801 is in the future: its time is shown as unknown, -1",
        })
        void impossibleStartTimesAreFlaggedAndNeverPassedOn(String timestamp, String problem, long shown) {
            good();
            bucket.put(DIR + "started.json", "{\"timestamp\": " + timestamp + "}");

            BuildRecord r = read();

            assertThat(r.problems()).containsExactly(problem.replace("&#44;", ","));
            assertThat(r.startedAt()).isEqualTo(shown);
            assertThat(r.tests()).hasSize(1);
        }

        @Test
        void aStartWithinADayOfNowIsTrusted() {
            good();
            bucket.put(DIR + "started.json", "{\"timestamp\": " + (NOW + 3600) + "}");
            assertThat(read().problems()).isEmpty();
        }

        @Test
        void anExponentTimeLikeTheIssuesIsReadAndFlagged() {
            good();
            bucket.put(DIR + "finished.json", "{\"timestamp\": 1e17, \"result\": \"FAILURE\"}");

            BuildRecord r = read();

            assertThat(r.finishedAt()).isEqualTo(-1);
            assertThat(r.result()).isEqualTo("FAILURE");
            assertThat(r.problems()).containsExactly(
                    "finished.json: timestamp 100000000000000000 is in the future: its time is shown as unknown");
        }
    }

    @Nested
    class DecodedBounds {

        @Test
        void aJunitBombListedAtKilobytesIsRefusedByItsDecodedSize() {
            good();
            // 200 MB of spaces inside an open element: about 200 KB stored
            byte[] bomb = GzipBucket.gzipOf(200L * 1000 * 1000, (byte) ' ');
            bucket.putGzip(DIR + "artifacts/junit_02.xml", bomb);
            assertThat(bucket.store().stat(DIR + "artifacts/junit_02.xml").orElseThrow().size())
                    .isLessThan(1_000_000);

            BuildRecord r = read();

            assertThat(r.problems()).singleElement().asString().startsWith("artifacts/junit_02.xml: oversized:");
            assertThat(r.tests()).extracting(TestResult::name).containsExactly("[sig-a] fine");
        }

        @Test
        void aStartedJsonOverAMegabyteDecodedIsNotParsed() {
            good();
            bucket.putGzip(DIR + "started.json", GzipBucket.gzipOf(2L << 20, (byte) ' '));

            BuildRecord r = read();

            assertThat(r.problems()).containsExactly("started.json is larger than 1048576 bytes (decoded), and was not"
                    + " read: it is not a started.json the layout writes");
            assertThat(r.startedAt()).isEqualTo(-1);
            assertThat(r.result()).isEqualTo("SUCCESS");
        }

        @Test
        void aLogBombIsRefusedWhileItStreamsAndCostsOnlyItsTail() {
            good();
            bucket.putGzip(DIR + "build-log.txt", GzipBucket.gzipOf(3L << 20, (byte) 'y'));

            BuildRecord r = read(new BuildReader(JUnitReader.create(), 1L << 20, CLOCK));

            assertThat(r.problems()).containsExactly("build-log.txt is over the limit of 1048576 bytes once decoded,"
                    + " for showing its tail: open it in the bucket");
            assertThat(r.logTail()).isEmpty();
            assertThat(r.tests()).hasSize(1);
        }

        @Test
        void aLongLogStreamsPastAndItsLastLinesAreKept() {
            good();
            StringBuilder log = new StringBuilder();
            for (int i = 0; i < 200_000; i++) {
                log.append("line ").append(i).append(" \u00e9\u20ac\n");
            }
            bucket.put(DIR + "build-log.txt", log.toString());

            BuildRecord r = read();

            assertThat(r.problems()).isEmpty();
            String[] lines = r.logTail().split("\n");
            assertThat(lines).hasSize(BuildReader.LOG_TAIL_LINES);
            assertThat(lines[0]).isEqualTo("line 199800 \u00e9\u20ac");
            assertThat(lines[lines.length - 1]).isEqualTo("line 199999 \u00e9\u20ac");
        }

        @Test
        void aHugeSystemOutIsCutToWhatIsShown() {
            good();
            bucket.put(DIR + "artifacts/junit_01.xml", "<testsuite><testcase name=\"t\"><failure message=\"m\">boom"
                    + "</failure><system-out>" + "o".repeat(3_000_000) + "</system-out></testcase></testsuite>");

            TestResult t = read().tests().get(0);

            assertThat(t.output()).startsWith("oooo").endsWith("[... cut at " + BuildReader.MAX_TEXT + " characters]")
                    .hasSizeLessThan(BuildReader.MAX_TEXT + 100);
        }
    }

    @Nested
    class LostContentEncoding {

        @Test
        void gzipWithoutItsMetadataIsRecognisedByItsMagicBytes() {
            good();
            bucket.putRaw(DIR + "artifacts/junit_01.xml", GzipBucket.gzip(JUNIT.getBytes(StandardCharsets.UTF_8)));
            bucket.putRaw(DIR + "started.json", GzipBucket.gzip(("{\"timestamp\": " + (NOW - 600) + "}")
                    .getBytes(StandardCharsets.UTF_8)));
            bucket.putRaw(DIR + "build-log.txt", GzipBucket.gzip("first\nlast\n".getBytes(StandardCharsets.UTF_8)));

            BuildRecord r = read();

            assertThat(r.problems()).isEmpty();
            assertThat(r.tests()).extracting(TestResult::name).containsExactly("[sig-a] fine");
            assertThat(r.startedAt()).isEqualTo(NOW - 600);
            assertThat(r.logTail()).isEqualTo("first\nlast");
        }

        @Test
        void aCopyMadeWithCpLosesTheMetadataAndStillReads(@TempDir Path copy) throws Exception {
            good();
            // cp -r keeps no extended attributes: the sidecar-less copy has no Content-Encoding
            try (var files = Files.walk(tmp.resolve("bucket"))) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path to = copy.resolve(tmp.resolve("bucket").relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (!p.getFileName().toString().startsWith(".fede2e")) {
                        Files.write(to, Files.readAllBytes(p));
                    }
                }
            }
            try (GzipBucket copied = GzipBucket.in(copy)) {
                assertThat(copied.store().stat(DIR + "artifacts/junit_01.xml").orElseThrow().contentEncoding())
                        .isEmpty();
                BuildRecord r = new BuildReader(JUnitReader.create(), CLOCK).read(copied.store(), "job", 1,
                        BuildReader.finishedGeneration(copied.store(), "job", 1));

                assertThat(r.problems()).isEmpty();
                assertThat(r.tests()).hasSize(1);
                assertThat(r.result()).isEqualTo("SUCCESS");
            }
        }
    }
}
