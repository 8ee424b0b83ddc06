package io.fede2e.uploader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.uploader.fakes.ContendingWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileObjectStoreTests {

    @TempDir
    Path dir;

    ObjectStore store;

    /** Whether the store keeps metadata in extended attributes; the sidecar variant overrides it. */
    boolean xattrs() {
        return true;
    }

    @BeforeEach
    void open() {
        store = FileObjectStore.open(dir, Clock.systemUTC(), xattrs());
        org.junit.jupiter.api.Assumptions.assumeTrue(((FileObjectStore) store).usesXattrs() == xattrs(),
                "this file system keeps no user extended attributes: the sidecar variant covers it");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static final WriteOptions TEXT = WriteOptions.of("text/plain; charset=utf-8");

    @Nested
    class Roots {

        @Test
        void acceptsFileUrisPlainPathsAndRelativeForms() throws IOException {
            Path real = dir.toRealPath();
            try (ObjectStore uri = ObjectStore.open(real.toUri().toString())) {
                assertThat(uri.root()).isEqualTo("file://" + real);
            }
            try (ObjectStore relative = ObjectStore.open("file://./target/uploader-relative-root-test")) {
                assertThat(relative.root()).endsWith("/target/uploader-relative-root-test").startsWith("file:///");
            } finally {
                deleteTree(Path.of("target/uploader-relative-root-test"));
            }
            assertThat(store.root()).isEqualTo("file://" + real);
        }

        @Test
        void createsAMissingDirectory() {
            Path missing = dir.resolve("a/b/c");
            try (ObjectStore s = ObjectStore.open(missing.toUri().toString())) {
                s.write("x", new byte[] {1}, TEXT);
            }
            assertThat(missing.resolve("x")).exists();
        }

        @Test
        void refusesAFileAsRoot() throws IOException {
            Path file = Files.writeString(dir.resolve("plain"), "x");
            assertThatThrownBy(() -> ObjectStore.open(file.toString()))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("not a directory");
        }

        @ParameterizedTest
        @ValueSource(strings = {"file://host/dir", "s3://bucket/x", "http://example.com/x", " "})
        void refusesOtherForms(String root) {
            assertThatThrownBy(() -> ObjectStore.open(root))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("gs://bucket")
                    .hasMessageNotContaining("\n");
        }
    }

    @Nested
    class Names {

        @ParameterizedTest
        @ValueSource(strings = {"../escape", "a/../../b", "/abs", "a\\b", "a//b", "a/", "a/./b", "tab\there",
            "new\nline", ".fede2e.lock", "a/.fede2e.tmp.1", ""})
        void invalidNamesAreRefusedBeforeAnyIo(String name) {
            assertThatThrownBy(() -> store.write(name, new byte[] {1}, TEXT))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("invalid")
                    .hasMessageNotContaining("\n");
            assertThat(dir.getParent().resolve("escape")).doesNotExist();
            assertThat(listAll()).isEmpty();
        }

        @Test
        void controlCharactersAreShownEscaped() {
            assertThatThrownBy(() -> store.stat("bell\u0007"))
                    .hasMessageContaining("bell\\u0007");
        }

        @Test
        void aNameUnderAnObjectIsAClearError() {
            store.write("a", new byte[] {1}, TEXT);
            assertThatThrownBy(() -> store.write("a/b", new byte[] {2}, TEXT))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("a/b").hasMessageContaining("pick another name");
        }
    }

    @Nested
    class Objects {

        @Test
        void writeThenReadKeepsBytesAndMetadata() {
            byte[] gz = Gzip.compress("hello hello hello".getBytes(UTF_8));
            ObjectInfo written = store.write("logs/j/1/build-log.txt", gz,
                    TEXT.gzipped().withCacheControl("no-cache"));
            ObjectInfo stat = store.stat("logs/j/1/build-log.txt").orElseThrow();
            assertThat(stat).isEqualTo(written);
            assertThat(stat.size()).isEqualTo(gz.length);
            assertThat(stat.contentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(stat.contentEncoding()).isEqualTo("gzip");
            assertThat(stat.cacheControl()).isEqualTo("no-cache");
            assertThat(store.read("logs/j/1/build-log.txt")).isEqualTo("hello hello hello".getBytes(UTF_8));
            assertThat(dir.resolve("logs/j/1/build-log.txt")).hasBinaryContent(gz);
        }

        @Test
        void generationsGrowWithEachWriteEvenWhenTheClockStands() {
            Clock frozen = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            try (ObjectStore s = FileObjectStore.open(dir.resolve("frozen"), frozen, xattrs())) {
                long g1 = s.write("x", new byte[] {1}, TEXT).generation();
                long g2 = s.write("x", new byte[] {2}, TEXT).generation();
                long g3 = s.write("x", new byte[] {3}, TEXT).generation();
                assertThat(g1).isPositive();
                assertThat(g2).isGreaterThan(g1);
                assertThat(g3).isGreaterThan(g2);
                assertThat(s.stat("x").orElseThrow().generation()).isEqualTo(g3);
            }
        }

        @Test
        void readOfAMissingObjectIsNoSuchObject() {
            assertThat(store.stat("nope")).isEmpty();
            assertThatThrownBy(() -> store.read("nope")).isInstanceOf(NoSuchObjectException.class)
                    .hasMessageContaining("nope");
        }

        @Test
        void deleteRemovesDataAndMetadata() {
            store.write("d/x.txt", new byte[] {1}, TEXT);
            assertThat(store.delete("d/x.txt")).isTrue();
            assertThat(store.delete("d/x.txt")).isFalse();
            assertThat(store.stat("d/x.txt")).isEmpty();
            assertThat(store.list("", "/").prefixes()).isEmpty();
            assertThat(dir.resolve("d")).isEmptyDirectory();
        }

        @Test
        void aFileCopiedInByHandIsAnObjectWhoseGenerationMovesForward() throws IOException {
            Path file = dir.resolve("logs/j/5/started.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{}");
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
            ObjectInfo found = store.stat("logs/j/5/started.json").orElseThrow();
            assertThat(found.generation()).isPositive();
            assertThat(found.size()).isEqualTo(2);
            ObjectInfo replaced = store.write("logs/j/5/started.json", "{\"a\":1}".getBytes(UTF_8),
                    WriteOptions.of("application/json").ifGeneration(found.generation()));
            assertThat(replaced.generation()).isGreaterThan(found.generation());
        }

        @Test
        void aSidecarThatNoLongerMatchesItsFileIsNotTrusted() throws IOException {
            ObjectInfo first = store.write("x.json", "{}".getBytes(UTF_8), WriteOptions.of("application/json"));
            // Someone replaces the data file behind the store's back (a crash between the renames looks the same).
            Path file = dir.resolve("x.json");
            Path other = Files.writeString(dir.resolve("other"), "{\"changed\":true}");
            Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            ObjectInfo seen = store.stat("x.json").orElseThrow();
            assertThat(seen.generation()).isNotEqualTo(first.generation());
            if (!xattrs()) {
                assertThat(seen.generation()).isGreaterThan(first.generation());
            }
            assertThat(seen.contentType()).isEmpty();
            assertThat(seen.size()).isEqualTo(Files.size(file));
        }

        @Test
        void browseUrlIsAFileUri() throws IOException {
            assertThat(store.browseUrl("logs/j/1/a b.txt"))
                    .isEqualTo(dir.toRealPath().resolve("logs/j/1/a b.txt").toUri().toString())
                    .contains("a%20b.txt");
        }

        @Test
        void streamsFromALocalFile() throws IOException {
            Path source = Files.write(dir.resolveSibling(dir.getFileName() + "-src.bin"), new byte[] {5, 6, 7});
            try {
                ObjectInfo info = store.write("big.bin", source, WriteOptions.of("application/octet-stream"));
                assertThat(info.size()).isEqualTo(3);
                assertThat(store.read("big.bin")).containsExactly(5, 6, 7);
            } finally {
                Files.deleteIfExists(source);
            }
        }
    }

    @Nested
    class BoundedReads {

        @Test
        void aStreamIsDecodedByContentEncoding() throws IOException {
            byte[] text = "line\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            store.write("logs/j/1/build-log.txt", Gzip.compress(text), TEXT.gzipped());
            try (InputStream in = store.stream("logs/j/1/build-log.txt")) {
                assertThat(in.readAllBytes()).isEqualTo(text);
            }
            assertThat(store.read("logs/j/1/build-log.txt", text.length)).isEqualTo(text);
        }

        @Test
        void aReadIsBoundedByDecodedBytesNotByTheStoredSize() {
            // 8 MiB of zeros compress to about 8 KiB: the listed size says nothing of what it inflates to
            byte[] bomb = Gzip.compress(new byte[8 << 20]);
            store.write("logs/j/1/artifacts/junit_01.xml", bomb, TEXT.gzipped());
            assertThat(store.stat("logs/j/1/artifacts/junit_01.xml").orElseThrow().size()).isLessThan(64 * 1024);

            assertThatThrownBy(() -> store.read("logs/j/1/artifacts/junit_01.xml", 1 << 20))
                    .isInstanceOf(ObjectTooLargeException.class)
                    .hasMessageContaining("logs/j/1/artifacts/junit_01.xml")
                    .hasMessageContaining("larger than 1048576 bytes once decoded")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void aContentOfExactlyTheBoundIsRead() {
            store.write("a.txt", "12345".getBytes(StandardCharsets.UTF_8), TEXT);
            assertThat(store.read("a.txt", 5)).asString(StandardCharsets.UTF_8).isEqualTo("12345");
            assertThatThrownBy(() -> store.read("a.txt", 4)).isInstanceOf(ObjectTooLargeException.class);
        }

        @Test
        void aMissingObjectIsNoSuchObjectForAStreamToo() {
            assertThatThrownBy(() -> store.stream("logs/none.txt")).isInstanceOf(NoSuchObjectException.class);
            assertThatThrownBy(() -> store.read("logs/none.txt", 10)).isInstanceOf(NoSuchObjectException.class);
        }

        @Test
        void aDirectorySymlinkIsRefusedOnRead(@TempDir Path elsewhere) throws IOException {
            Files.writeString(elsewhere.resolve("started.json"), "{\"secret\": true}");
            Files.createDirectories(dir.resolve("logs/job"));
            Files.createSymbolicLink(dir.resolve("logs/job/7"), elsewhere);

            for (ThrowingCall call : List.<ThrowingCall>of(() -> store.read("logs/job/7/started.json"),
                    () -> store.stream("logs/job/7/started.json"), () -> store.read("logs/job/7/started.json", 100))) {
                assertThatThrownBy(call::run).isInstanceOf(ObjectStoreException.class)
                        .isNotInstanceOf(NoSuchObjectException.class)
                        .hasMessageContaining("logs/job/7/started.json")
                        .hasMessageContaining("symbolic link");
            }
            assertThat(store.list("logs/job/", "/").prefixes()).isEmpty();
        }

        @Test
        void aDirectorySymlinkHigherUpIsRefusedToo(@TempDir Path elsewhere) throws IOException {
            Files.createDirectories(elsewhere.resolve("job/1"));
            Files.writeString(elsewhere.resolve("job/1/started.json"), "{}");
            Files.createSymbolicLink(dir.resolve("logs"), elsewhere);

            assertThatThrownBy(() -> store.read("logs/job/1/started.json")).hasMessageContaining("symbolic link");
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Nested
    class Preconditions {

        @Test
        void createIfAbsentSucceedsOnceThenFails() {
            ObjectInfo created = store.write("s.json", "1".getBytes(UTF_8), TEXT.ifAbsent());
            assertThatThrownBy(() -> store.write("s.json", "2".getBytes(UTF_8), TEXT.ifAbsent()))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("s.json").hasMessageContaining("already exists");
            assertThat(store.read("s.json")).isEqualTo("1".getBytes(UTF_8));
            assertThat(store.stat("s.json").orElseThrow().generation()).isEqualTo(created.generation());
        }

        @Test
        void replaceIfGenerationMatches() {
            ObjectInfo g1 = store.write("c", "1".getBytes(UTF_8), TEXT);
            ObjectInfo g2 = store.write("c", "2".getBytes(UTF_8), TEXT.ifGeneration(g1.generation()));
            assertThatThrownBy(() -> store.write("c", "3".getBytes(UTF_8), TEXT.ifGeneration(g1.generation())))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("generation " + g2.generation());
            assertThat(store.read("c")).isEqualTo("2".getBytes(UTF_8));
        }

        @Test
        void aGenerationPreconditionOnAMissingObjectFails() {
            assertThatThrownBy(() -> store.write("missing", new byte[] {1}, TEXT.ifGeneration(42)))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("absent");
            assertThat(store.stat("missing")).isEmpty();
        }

        @Test
        void threadsRacingToCreateHaveExactlyOneWinner() throws Exception {
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 20; round++) {
                    String name = "race/" + round;
                    CountDownLatch go = new CountDownLatch(1);
                    AtomicInteger winners = new AtomicInteger();
                    List<Future<?>> futures = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        byte[] body = ("writer-" + t).getBytes(UTF_8);
                        futures.add(pool.submit(() -> {
                            go.await();
                            try {
                                store.write(name, body, TEXT.ifAbsent());
                                winners.incrementAndGet();
                            } catch (PreconditionFailedException e) {
                                // lost the race
                            }
                            return null;
                        }));
                    }
                    go.countDown();
                    for (Future<?> f : futures) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    assertThat(winners).as("winners of %s", name).hasValue(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void twoStoresOnOneDirectoryInOneJvmShareTheLock() throws Exception {
            try (ObjectStore second = FileObjectStore.open(dir, Clock.systemUTC(), xattrs())) {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    Future<?> a = pool.submit(() -> increment(store, 200));
                    Future<?> b = pool.submit(() -> increment(second, 200));
                    a.get(60, TimeUnit.SECONDS);
                    b.get(60, TimeUnit.SECONDS);
                } finally {
                    pool.shutdownNow();
                }
            }
            assertThat(new String(store.read("counter"), UTF_8)).isEqualTo("400");
            // The first store still works after the second one closed (the shared lock channel stays open).
            store.write("after-close", new byte[] {1}, TEXT.ifAbsent());
        }

        private Void increment(ObjectStore s, int times) {
            for (int i = 0; i < times; i++) {
                while (true) {
                    var current = s.stat("counter");
                    long value = current.isEmpty() ? 0 : Long.parseLong(new String(s.read("counter"), UTF_8));
                    WriteOptions opts = current.isEmpty() ? TEXT.ifAbsent() : TEXT.ifGeneration(current.get().generation());
                    try {
                        s.write("counter", Long.toString(value + 1).getBytes(UTF_8), opts);
                        break;
                    } catch (PreconditionFailedException e) {
                        // retry
                    }
                }
            }
            return null;
        }

        @Test
        void separateProcessesWritingTheSameObjectsHaveExactlyOneWinnerEach() throws Exception {
            org.junit.jupiter.api.Assumptions.assumeTrue(xattrs(), "child processes open the store in the"
                    + " file system's default mode, covered by the extended-attribute variant");
            int objects = 25;
            int increments = 40;
            Path go = dir.resolveSibling(dir.getFileName() + ".go");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> children = new ArrayList<>();
            try {
                for (String id : List.of("p1", "p2")) {
                    ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                            System.getProperty("java.class.path"), ContendingWriter.class.getName(),
                            dir.toUri().toString(), id, Integer.toString(objects), Integer.toString(increments),
                            go.toString());
                    pb.redirectErrorStream(true);
                    children.add(pb.start());
                }
                Files.writeString(go, "go");
                Map<Integer, List<String>> winners = new TreeMap<>();
                for (int c = 0; c < children.size(); c++) {
                    Process p = children.get(c);
                    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("child %d finished", c).isTrue();
                    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
                    assertThat(p.exitValue()).as("child output: %s", out).isZero();
                    assertThat(out).contains("DONE");
                    for (String line : out.split("\n")) {
                        if (line.startsWith("WON ")) {
                            winners.computeIfAbsent(Integer.parseInt(line.substring(4).strip()), k -> new ArrayList<>())
                                    .add("p" + (c + 1));
                        }
                    }
                }
                for (int i = 0; i < objects; i++) {
                    assertThat(winners.get(i)).as("winners of object %d", i).hasSize(1);
                    assertThat(new String(store.read("race/object-" + i), UTF_8)).isEqualTo(winners.get(i).get(0));
                }
                assertThat(new String(store.read("race/counter"), UTF_8)).isEqualTo(Integer.toString(2 * increments));
            } finally {
                children.forEach(Process::destroyForcibly);
                Files.deleteIfExists(go);
            }
        }
    }

    @Nested
    class Checksums {

        @Test
        void listingsAndStatsCarryTheMd5OfTheStoredBytesLikeGcs(@TempDir Path src) throws Exception {
            byte[] data = "<html>page</html>\n".getBytes(UTF_8);
            store.write("site/a.html", data, TEXT);
            Path file = java.nio.file.Files.write(src.resolve("b.css"), "body{}".getBytes(UTF_8));
            store.write("site/b.css", file, TEXT);
            // GCS' md5Hash: base64 of the 16-byte digest
            String expected = java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("MD5").digest(data));
            assertThat(store.stat("site/a.html").orElseThrow().md5()).isEqualTo(expected)
                    .isEqualTo(ObjectInfo.md5Of(data));
            assertThat(store.list("site/", "").objects()).extracting(ObjectInfo::md5)
                    .containsExactly(expected, ObjectInfo.md5Of("body{}".getBytes(UTF_8)));
        }

        @Test
        void aFileCopiedInByHandHasNoChecksumSoItCountsAsChanged() throws java.io.IOException {
            java.nio.file.Files.writeString(dir.resolve("by-hand.txt"), "x");
            assertThat(store.stat("by-hand.txt").orElseThrow().md5()).isEmpty();
        }
    }

    @Nested
    class Listings {

        @BeforeEach
        void fill() {
            for (String name : List.of("logs/job/1/started.json", "logs/job/1/artifacts/junit_01.xml",
                    "logs/job/2/started.json", "logs/job/10/started.json", "logs/job/latest-build.txt",
                    "logs/other/1/started.json", "top.txt")) {
                store.write(name, name.getBytes(UTF_8), TEXT);
            }
        }

        @Test
        void delimiterGivesObjectsAndCommonPrefixesSorted() {
            Listing l = store.list("logs/job/", "/");
            assertThat(l.prefixes()).containsExactly("logs/job/1/", "logs/job/10/", "logs/job/2/");
            assertThat(l.objects()).extracting(ObjectInfo::name).containsExactly("logs/job/latest-build.txt");
        }

        @Test
        void aPartialSegmentPrefixMatchesLikeGcs() {
            assertThat(store.list("logs/job/1", "/").prefixes()).containsExactly("logs/job/1/", "logs/job/10/");
            assertThat(store.list("logs/jo", "/").prefixes()).containsExactly("logs/job/");
        }

        @Test
        void noDelimiterListsEverythingBelowWithoutTheStoresOwnFiles() {
            assertThat(store.list("", "").objects()).extracting(ObjectInfo::name).containsExactly(
                    "logs/job/1/artifacts/junit_01.xml", "logs/job/1/started.json", "logs/job/10/started.json",
                    "logs/job/2/started.json", "logs/job/latest-build.txt", "logs/other/1/started.json", "top.txt");
            assertThat(store.list("", "/").prefixes()).containsExactly("logs/");
            assertThat(store.list("", "/").objects()).extracting(ObjectInfo::name).containsExactly("top.txt");
        }

        @Test
        void otherDelimitersWork() {
            assertThat(store.list("logs/job/", ".").prefixes())
                    .containsExactly("logs/job/1/artifacts/junit_01.", "logs/job/1/started.", "logs/job/10/started.",
                            "logs/job/2/started.", "logs/job/latest-build.");
        }

        @Test
        void aFileThatVanishesWhileTheListingWalksIsPassedOver() throws Exception {
            // another writer's temporary files appear and are renamed away as the listing reads the
            // directories: Files.walk failed the whole listing with NoSuchFileException on one of them
            Path build = dir.resolve("logs/job/3");
            Files.createDirectories(build);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    Path tmp = build.resolve(".fede2e.tmp." + i);
                    try {
                        Files.writeString(tmp, "x");
                        Files.move(tmp, build.resolve("obj-" + (i % 50)), StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            writer.start();
            try {
                for (int k = 0; k < 300; k++) {
                    assertThat(store.list("logs/job/", "/").prefixes()).contains("logs/job/1/", "logs/job/2/");
                    assertThat(store.list("logs/job/3/", "").objects()).allMatch(o -> o.name().startsWith(
                            "logs/job/3/obj-"));
                }
            } finally {
                stop.set(true);
                writer.join();
            }
        }

        @Test
        void directoriesHoldingNoObjectsAreNoPrefixes() throws IOException {
            Files.createDirectories(dir.resolve("logs/job/99/artifacts"));
            Files.writeString(dir.resolve("logs/job/99/.fede2e.tmp.dead"), "leftover of a crash");
            assertThat(store.list("logs/job/", "/").prefixes()).doesNotContain("logs/job/99/");
        }

        @Test
        void aMissingPrefixListsNothing() {
            assertThat(store.list("nothing/here/", "/")).isEqualTo(new Listing(List.of(), List.of()));
        }

        @Test
        void aBadPrefixIsRefused() {
            assertThatThrownBy(() -> store.list("../", "/")).isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("prefix");
        }
    }

    private List<String> listAll() {
        return store.list("", "").objects().stream().map(ObjectInfo::name).toList();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
