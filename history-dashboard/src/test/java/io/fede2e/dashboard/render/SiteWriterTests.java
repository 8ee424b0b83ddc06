package io.fede2e.dashboard.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.dashboard.DashboardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteWriterTests {

    private static long leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(SiteWriter.TMP_PREFIX)).count();
        }
    }

    @Nested
    class WholeFilesOnly {

        @Test
        void aReaderOfThePageMeanwhileKeepsTheOldPageWhole(@TempDir Path tmp) throws IOException {
            SiteWriter first = new SiteWriter(tmp);
            first.write("index.html", "old page ".repeat(1000));
            first.finish();

            try (InputStream reading = Files.newInputStream(tmp.resolve("index.html"))) {
                byte[] start = reading.readNBytes(9);
                SiteWriter second = new SiteWriter(tmp);
                second.write("index.html", "new");
                second.finish();

                // written in place, the open file would now be truncated to "new"
                assertThat(new String(start, StandardCharsets.UTF_8) + new String(reading.readAllBytes(),
                        StandardCharsets.UTF_8)).isEqualTo("old page ".repeat(1000));
            }
            assertThat(tmp.resolve("index.html")).hasContent("new");
            assertThat(leftovers(tmp)).isZero();
        }

        @Test
        void aLinkPlacedAtAPageIsReplacedNotWrittenThrough(@TempDir Path tmp, @TempDir Path elsewhere)
                throws IOException {
            Path target = elsewhere.resolve("keep.txt");
            Files.writeString(target, "not the site's");
            Files.createDirectories(tmp.resolve("tests"));
            Files.createSymbolicLink(tmp.resolve("tests/a.html"), target);

            SiteWriter w = new SiteWriter(tmp);
            w.write("tests/a.html", "page");
            w.finish();

            assertThat(target).hasContent("not the site's");
            assertThat(Files.isSymbolicLink(tmp.resolve("tests/a.html"))).isFalse();
            assertThat(tmp.resolve("tests/a.html")).hasContent("page");
        }

        @Test
        void aWriteThatFailsLeavesTheOldContentAndNoTemporaryFile(@TempDir Path tmp) throws IOException {
            // a directory where the page should go: the rename cannot replace it
            Files.createDirectories(tmp.resolve("jobs/a.html/inside"));

            SiteWriter w = new SiteWriter(tmp);
            assertThatThrownBy(() -> w.write("jobs/a.html", "page")).isInstanceOf(DashboardException.class)
                    .hasMessageContaining("jobs/a.html").hasMessageContaining("--out");

            assertThat(tmp.resolve("jobs/a.html/inside")).isDirectory();
            assertThat(leftovers(tmp)).isZero();
        }

        @Test
        void aPageLeftByARunThatDiedIsReplacedWhole(@TempDir Path tmp) throws IOException {
            // a run killed after writing a new page and before its manifest: the page is on disk, unlisted
            Files.createDirectories(tmp.resolve("tests"));
            Files.writeString(tmp.resolve("tests/b.html"), "a longer page from the run that died");

            SiteWriter w = new SiteWriter(tmp);
            w.write("tests/b.html", "new", "d1");
            w.write("tests/c.html", "brand new", "d2");
            w.finish();

            assertThat(tmp.resolve("tests/b.html")).hasContent("new");
            assertThat(tmp.resolve("tests/c.html")).hasContent("brand new");
            assertThat(tmp.resolve(SiteWriter.MANIFEST)).hasContent("tests/b.html\td1 3\ntests/c.html\td2 9");
            assertThat(leftovers(tmp)).isZero();
        }

        @Test
        void aPageInADirectoryRemovedMeanwhileIsStillWritten(@TempDir Path tmp) throws IOException {
            SiteWriter w = new SiteWriter(tmp);
            w.write("builds/j/1.html", "one");
            // the writer remembers the directories it made; one removed under it is made again
            Files.delete(tmp.resolve("builds/j/1.html"));
            Files.delete(tmp.resolve("builds/j"));
            w.write("builds/j/2.html", "two");
            w.finish();

            assertThat(tmp.resolve("builds/j/2.html")).hasContent("two");
        }

        @Test
        void theManifestIsReplacedWholeToo(@TempDir Path tmp) throws IOException {
            SiteWriter w = new SiteWriter(tmp);
            w.write("a.html", "a");
            w.finish();

            assertThat(tmp.resolve(SiteWriter.MANIFEST)).hasContent("a.html");
            assertThat(leftovers(tmp)).isZero();
        }
    }

    @Nested
    class PagesInParts {

        /** A body of rows of every length around a part's end, as the matrix builds it. */
        private static Markup rows(int count) {
            Markup body = new Markup(64);
            for (int i = 0; i < count; i++) {
                body.text().append("<tr><td>row ").append(i).append("</td><td>").append("x".repeat(i % 5000))
                        .append("</td></tr>\n");
                body.next();
            }
            return body;
        }

        @Test
        void aBodyOfManyPartsIsWrittenAsOneTextAndRecognisedByTheNextRun(@TempDir Path tmp) throws IOException {
            Markup body = rows(3000);
            assertThat(body.parts()).hasSizeGreaterThan(2);
            assertThat(body.parts()).allSatisfy(p -> assertThat(p.toString()).endsWith("</tr>\n"));
            String whole = "<html><table>" + body + "</table></html>";

            SiteWriter first = new SiteWriter(tmp);
            first.write("matrix.html", "k1", "<html><table>", body, "</table></html>");
            first.finish();
            assertThat(Files.readString(tmp.resolve("matrix.html"))).isEqualTo(whole);
            assertThat(Files.readString(tmp.resolve(SiteWriter.MANIFEST)))
                    .contains("matrix.html\tk1 " + whole.length() + "\n");

            // the next run keeps it by its key and length; a changed key replaces it whole
            SiteWriter second = new SiteWriter(tmp);
            assertThat(second.reuse("matrix.html", "k1")).isTrue();
            SiteWriter third = new SiteWriter(tmp);
            assertThat(third.reuse("matrix.html", "k2")).isFalse();
            third.write("matrix.html", "k2", "<p>", rows(3), "</p>");
            third.finish();
            assertThat(Files.readString(tmp.resolve("matrix.html"))).isEqualTo("<p>" + rows(3) + "</p>");
            assertThat(leftovers(tmp)).isZero();
        }
    }
}
