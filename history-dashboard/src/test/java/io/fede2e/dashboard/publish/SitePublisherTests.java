package io.fede2e.dashboard.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.dashboard.DashboardException;
import io.fede2e.dashboard.fakes.WriteRecordingStore;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitePublisherTests {

    @TempDir
    Path tmp;

    Path site;
    WriteRecordingStore store;

    @BeforeEach
    void setUp() throws IOException {
        site = tmp.resolve("site");
        page("index.html", "<html>index v1</html>");
        page("jobs/e2e-hollow.html", "<html>job v1</html>");
        page("tests/t1.html", "<html>test 1</html>");
        page("data/summary.json", "{\"v\":1}");
        page("assets/site.css", "body{}");
        page("assets/app.3f2a9c1b.js", "var a=1;");
        page(".fede2e-site", "the site writer's manifest");
        page(".fede2e-cache/job.snapshot", "cache");
        store = new WriteRecordingStore(ObjectStore.open(tmp.resolve("bucket").toUri().toString()));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void page(String name, String text) throws IOException {
        Path p = site.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private PublishReport publish() {
        return SitePublisher.to(store).publish(site);
    }

    private String published(String name) {
        return new String(store.read(name), UTF_8);
    }

    @Nested
    class FirstPublication {

        @Test
        void uploadsEverySiteFileWithIndexLastAndNoHiddenFile() {
            PublishReport r = publish();
            assertThat(r.files()).isEqualTo(6);
            assertThat(r.uploaded()).hasSize(6).last().isEqualTo("index.html");
            assertThat(r.uploaded()).containsSubsequence("data/summary.json", "jobs/e2e-hollow.html", "index.html");
            assertThat(store.writes().indexOf("assets/site.css")).isLessThan(store.writes().indexOf("tests/t1.html"));
            assertThat(store.list("", "").objects()).extracting(ObjectInfo::name)
                    .noneMatch(n -> n.startsWith(".") || n.contains("/."));
            assertThat(published(SitePublisher.PUBLISHED).lines()).containsExactly("assets/app.3f2a9c1b.js",
                    "assets/site.css", "data/summary.json", "index.html", "jobs/e2e-hollow.html", "tests/t1.html");
        }

        @Test
        void setsContentTypesAndShortOrLongCaching() {
            publish();
            ObjectInfo index = store.stat("index.html").orElseThrow();
            assertThat(index.contentType()).isEqualTo("text/html; charset=utf-8");
            assertThat(index.cacheControl()).isEqualTo("public, max-age=60");
            ObjectInfo data = store.stat("data/summary.json").orElseThrow();
            assertThat(data.contentType()).isEqualTo("application/json");
            assertThat(data.cacheControl()).isEqualTo("public, max-age=60");
            assertThat(store.stat("assets/site.css").orElseThrow().cacheControl())
                    .as("an asset whose name carries no hash may change under it").isEqualTo("public, max-age=60");
            ObjectInfo hashed = store.stat("assets/app.3f2a9c1b.js").orElseThrow();
            assertThat(hashed.contentType()).isEqualTo("text/javascript; charset=utf-8");
            assertThat(hashed.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        }

        @Test
        void aDirectoryWithoutIndexIsRefusedBeforeAnyWrite() throws IOException {
            Files.delete(site.resolve("index.html"));
            assertThatThrownBy(SitePublisherTests.this::publish).isInstanceOf(DashboardException.class)
                    .hasMessageContaining("has no index.html");
            assertThat(store.writes()).isEmpty();
        }
    }

    @Nested
    class Republication {

        @Test
        void anUnchangedSiteUploadsNothing() {
            publish();
            store.clear();
            PublishReport again = publish();
            assertThat(again.uploaded()).isEmpty();
            assertThat(again.unchanged()).isEqualTo(6);
            assertThat(store.writes()).as("not even the list of files").isEmpty();
            assertThat(store.deletes()).isEmpty();
        }

        @Test
        void onlyChangedFilesAreUploadedIndexLast() throws IOException {
            publish();
            store.clear();
            page("jobs/e2e-hollow.html", "<html>job v2</html>");
            page("data/summary.json", "{\"v\":2}");
            page("index.html", "<html>index v2</html>");
            PublishReport r = publish();
            assertThat(r.uploaded()).containsExactly("data/summary.json", "jobs/e2e-hollow.html", "index.html");
            assertThat(published("jobs/e2e-hollow.html")).isEqualTo("<html>job v2</html>");
        }

        @Test
        void changedHeadersAloneAreUploadedAgain() {
            publish();
            store.write("assets/site.css", "body{}".getBytes(UTF_8), WriteOptions.of("text/plain"));
            store.clear();
            assertThat(publish().uploaded()).containsExactly("assets/site.css");
            assertThat(store.stat("assets/site.css").orElseThrow().contentType()).isEqualTo("text/css; charset=utf-8");
        }

        @Test
        void pagesThatLeftTheSiteAreDeletedAfterTheNewOnesAndNothingElseIs() throws IOException {
            store.write("logs/e2e/1/started.json", "{}".getBytes(UTF_8), WriteOptions.of("application/json"));
            publish();
            store.clear();
            Files.delete(site.resolve("tests/t1.html"));
            page("tests/t2.html", "<html>test 2</html>");
            PublishReport r = publish();
            assertThat(r.uploaded()).containsExactly("tests/t2.html");
            assertThat(r.deleted()).containsExactly("tests/t1.html");
            assertThat(store.writes().indexOf("tests/t2.html")).isLessThan(store.writes().size() - 1);
            assertThat(store.stat("tests/t1.html")).isEmpty();
            assertThat(store.stat("logs/e2e/1/started.json")).as("never published: never deleted").isPresent();
            assertThat(published(SitePublisher.PUBLISHED)).doesNotContain("tests/t1.html").contains("tests/t2.html");
        }
    }

    @Nested
    class Failure {

        @Test
        void aFailedUploadLeavesThePreviousSiteWhole() throws IOException {
            publish();
            store.clear();
            Files.delete(site.resolve("tests/t1.html"));
            page("tests/t2.html", "<html>test 2</html>");
            page("jobs/e2e-hollow.html", "<html>job v2</html>");
            page("index.html", "<html>index v2</html>");
            store.failWriting("tests/t2.html");
            assertThatThrownBy(SitePublisherTests.this::publish).isInstanceOf(DashboardException.class)
                    .hasMessageContaining("stopped at tests/t2.html")
                    .hasMessageContaining("the previous site is whole")
                    .hasMessageContaining("503");
            assertThat(published("index.html")).isEqualTo("<html>index v1</html>");
            assertThat(published("tests/t1.html")).isEqualTo("<html>test 1</html>");
            assertThat(store.deletes()).isEmpty();
            assertThat(published(SitePublisher.PUBLISHED)).contains("tests/t1.html");

            store.failWriting("none");
            PublishReport retry = publish();
            assertThat(retry.uploaded()).containsExactly("tests/t2.html", "index.html");
            assertThat(retry.deleted()).containsExactly("tests/t1.html");
        }
    }

    @Nested
    class Caching {

        @Test
        void onlyNamesCarryingAHexHashAreCachedLong() {
            assertThat(CachePolicy.of("assets/site.3f2a9c1b.css")).isEqualTo(CachePolicy.LONG);
            assertThat(CachePolicy.of("assets/chart-0123456789abcdef.js")).isEqualTo(CachePolicy.LONG);
            assertThat(CachePolicy.of("assets/site.css")).isEqualTo(CachePolicy.SHORT);
            assertThat(CachePolicy.of("assets/site.cafe.css")).as("too short to be a hash").isEqualTo(CachePolicy.SHORT);
            assertThat(CachePolicy.of("data/builds.3f2a9c1b.json")).as("data always short").isEqualTo(CachePolicy.SHORT);
            assertThat(CachePolicy.of("tests/deadbeef12.html")).isEqualTo(CachePolicy.SHORT);
        }
    }
}
