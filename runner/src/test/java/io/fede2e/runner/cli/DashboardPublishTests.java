package io.fede2e.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fede2e dashboard --publish ROOT}: the hourly job's command. */
class DashboardPublishTests {

    private static final Pattern PUBLISHED = Pattern.compile("published (\\d+) of (\\d+) files");

    @TempDir
    Path cwd;

    private void uploadBuild(String job, int build, String testName) throws IOException {
        Path run = cwd.resolve("runs/" + job + "-" + build);
        Files.createDirectories(run.resolve("artifacts"));
        long t = java.time.Instant.now().getEpochSecond() - 86_400L + build * 3600L;
        Files.writeString(run.resolve("started.json"), "{\"timestamp\": " + t + "}\n");
        Files.writeString(run.resolve("artifacts/junit_01.xml"), "<testsuite><testcase name=\"" + testName
                + "\"/></testsuite>\n");
        Files.writeString(run.resolve("finished.json"), "{\"timestamp\": " + (t + 60) + ", \"result\": \"SUCCESS\"}\n");
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "upload", "--from", run.toString(), "--job", job,
                "--build", Integer.toString(build), "--to", "file://./bucket");
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
    }

    private CliHarness.Outcome publish() {
        return CliHarness.run(cwd, Map.of(), "dashboard", "--source", "file://./bucket", "--publish", "file://./site",
                "--out", "_output/dash");
    }

    private static int[] counts(CliHarness.Outcome o) {
        Matcher m = PUBLISHED.matcher(o.out());
        assertThat(m.find()).as(o.out() + o.err()).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    @Nested
    class Publish {

        @Test
        void publishesTheSiteThenOnlyWhatChanged() throws IOException {
            uploadBuild("e2e-hollow-nightly", 1, "[sig-apps] a");
            uploadBuild("e2e-existing-nightly", 1, "[sig-apps] a");
            CliHarness.Outcome first = publish();
            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            int[] c1 = counts(first);
            assertThat(c1[0]).isEqualTo(c1[1]).isPositive();
            assertThat(cwd.resolve("site/index.html")).exists();
            assertThat(cwd.resolve("_output/dash/.fede2e-cache")).as("the job cache stays under --out").exists();
            assertThat(cwd.resolve("_output/dash/index.html")).as("the site itself was built elsewhere")
                    .doesNotExist();

            // Nothing new in the bucket: only the two files that show when the site was generated change
            // (index.html to the minute, data/summary.json to the second).
            CliHarness.Outcome again = publish();
            assertThat(counts(again)[0]).as(again.out()).isBetween(1, 2);
            assertThat(again.out()).containsPattern("changed: data/summary\\.json(, index\\.html)?\n");

            uploadBuild("e2e-hollow-nightly", 2, "[sig-apps] a");
            CliHarness.Outcome next = publish();
            int[] c3 = counts(next);
            assertThat(c3[0]).as(next.out()).isPositive().isLessThan(c3[1]);
            assertThat(Files.readString(cwd.resolve("site/index.html"))).contains("e2e-hollow-nightly");
        }

        @Test
        void anUnsupportedRootIsAUsageErrorNamingIt() throws IOException {
            uploadBuild("j", 1, "t");
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "dashboard", "--source", "file://./bucket",
                    "--publish", "ftp://example.org/site");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("ftp://example.org/site");
            assertThat(cwd.resolve("site")).doesNotExist();
        }
    }
}
