package io.fede2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.dashboard.bench.SyntheticBuckets;
import io.fede2e.dashboard.fakes.InMemoryObjectStore;
import io.fede2e.uploader.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardTests {

    static final long NOW = 1_795_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final SyntheticBuckets.Spec SMALL = new SyntheticBuckets.Spec(3, 2, 12, 60, 7, NOW - 3600, 6 * 3600);

    static DashboardConfig config(List<Path> roots) {
        return DashboardConfig.ofRoots(roots.stream().map(p -> p.toUri().toString()).toList());
    }

    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString();
                if (Files.isRegularFile(p) && !rel.startsWith(Dashboard.DEFAULT_CACHE)) {
                    out.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Nested
    class EndToEnd {

        @Test
        void buildsEveryPageFromFederatedFileBuckets(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);
            Path out = tmp.resolve("site");

            DashboardResult r = Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);

            assertThat(r.jobs()).isEqualTo(6);
            assertThat(r.buildsRead()).isEqualTo(72);
            assertThat(r.buildsFromCache()).isZero();
            assertThat(r.tests()).isEqualTo(60);
            assertThat(r.index()).isEqualTo(out.toAbsolutePath().resolve("index.html"));
            assertThat(out.resolve("index.html")).exists();
            assertThat(out.resolve("matrix.html")).exists();
            assertThat(out.resolve("clusters.html")).exists();
            assertThat(out.resolve("flaky.html")).exists();
            assertThat(out.resolve("metrics.html")).exists();
            assertThat(out.resolve("assets/site.css")).exists();
            assertThat(out.resolve("data/summary.json")).exists();
            try (Stream<Path> s = Files.list(out.resolve("badges"))) {
                assertThat(s.count()).isEqualTo(6);
            }
            try (Stream<Path> s = Files.list(out.resolve("tests"))) {
                assertThat(s.count()).isEqualTo(60);
            }
            String summary = read(out.resolve("index.html"));
            assertThat(summary).contains("ci-e2e-azure-0").contains("<th scope=\"col\">Status</th>");
        }
    }

    @Nested
    class Configuration {

        @Test
        void refusesAnEmptySourceList() {
            assertThatThrownBy(() -> DashboardConfig.ofRoots(List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no sources");
        }

        @Test
        void opensEachSourceThroughTheOpener(@TempDir Path tmp) {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, NOW - 100, "p", Fixtures.junit(new String[] {"a", "passed", ""}));
            DashboardResult r = Dashboard.generate(DashboardConfig.ofRoots(List.of("gs://bucket")), tmp, CLOCK,
                    ProgressListener.NONE, root -> store);
            assertThat(r.jobs()).isEqualTo(1);
            assertThat(r.tests()).isEqualTo(1);
        }
    }

    static ObjectStore unused() {
        return null;
    }
}
