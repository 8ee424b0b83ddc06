package io.fede2e.uploader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.JobName;
import io.fede2e.uploader.fakes.FailingStorage;
import io.fede2e.uploader.fakes.RunDirs;
import io.fede2e.uploader.fakes.UnavailableGcs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcsObjectStoreTests {

    @Nested
    class OnLocalStorageHelper {

        GcsObjectStore store;

        @BeforeEach
        void open() {
            store = new GcsObjectStore(LocalStorageHelper.getOptions().getService(), "fede2e-test", "ci/results", null);
        }

        @Test
        void rootAndBrowseUrlCarryThePrefix() {
            assertThat(store.root()).isEqualTo("gs://fede2e-test/ci/results");
            assertThat(store.browseUrl("logs/j/1/a b#c.txt"))
                    .isEqualTo("https://storage.googleapis.com/fede2e-test/ci/results/logs/j/1/a%20b%23c.txt");
        }

        @Test
        void writeStatReadKeepBytesAndMetadata() {
            store.write("logs/j/1/finished.json", "{}".getBytes(UTF_8),
                    WriteOptions.of("application/json").withCacheControl("no-cache"));
            ObjectInfo info = store.stat("logs/j/1/finished.json").orElseThrow();
            assertThat(info.name()).isEqualTo("logs/j/1/finished.json");
            assertThat(info.contentType()).isEqualTo("application/json");
            assertThat(info.cacheControl()).isEqualTo("no-cache");
            assertThat(info.size()).isEqualTo(2);
            assertThat(store.read("logs/j/1/finished.json")).isEqualTo("{}".getBytes(UTF_8));
        }

        @Test
        void aGzipEncodedObjectReadsDecompressed() {
            byte[] text = "x".repeat(5000).getBytes(UTF_8);
            store.write("logs/j/1/build-log.txt", Gzip.compress(text), WriteOptions.of("text/plain").gzipped());
            assertThat(store.stat("logs/j/1/build-log.txt").orElseThrow().contentEncoding()).isEqualTo("gzip");
            assertThat(store.read("logs/j/1/build-log.txt")).isEqualTo(text);
        }

        @Test
        void aGzipEncodedObjectStreamsDecompressedAndReadsBounded() throws IOException {
            byte[] text = "y".repeat(50_000).getBytes(UTF_8);
            store.write("logs/j/1/build-log.txt", Gzip.compress(text), WriteOptions.of("text/plain").gzipped());
            try (java.io.InputStream in = store.stream("logs/j/1/build-log.txt")) {
                assertThat(in.readAllBytes()).isEqualTo(text);
            }
            assertThatThrownBy(() -> store.read("logs/j/1/build-log.txt", 49_999))
                    .isInstanceOf(ObjectTooLargeException.class);
            assertThat(store.anonymous()).isFalse();
        }

        @Test
        void missingObjects() {
            assertThat(store.stat("nope")).isEmpty();
            assertThatThrownBy(() -> store.read("nope")).isInstanceOf(NoSuchObjectException.class)
                    .hasMessageContaining("gs://fede2e-test/ci/results");
            assertThat(store.delete("nope")).isFalse();
        }

        @Test
        void listsRelativeToThePrefixWithCommonPrefixes() {
            for (String name : List.of("logs/j/1/started.json", "logs/j/2/started.json", "logs/j/latest-build.txt",
                    "logs/k/1/started.json")) {
                store.write(name, name.getBytes(UTF_8), WriteOptions.of("text/plain"));
            }
            Listing l = store.list("logs/j/", "/");
            assertThat(l.prefixes()).containsExactly("logs/j/1/", "logs/j/2/");
            assertThat(l.objects()).extracting(ObjectInfo::name).containsExactly("logs/j/latest-build.txt");
            assertThat(store.list("logs/", "").objects()).hasSize(4);
        }

        @Test
        void deletes() {
            store.write("x", new byte[] {1}, WriteOptions.of(""));
            assertThat(store.delete("x")).isTrue();
            assertThat(store.stat("x")).isEmpty();
        }

        @Test
        void namesAreCheckedBeforeAnyCall() {
            assertThatThrownBy(() -> store.write("../x", new byte[] {1}, WriteOptions.of("")))
                    .isInstanceOf(ObjectStoreException.class).hasMessageContaining("invalid");
        }

        @Test
        void artifactsUploadThroughIt(@TempDir Path tmp) throws IOException {
            Path run = RunDirs.copy("complete-run", tmp.resolve("run"));
            BuildPaths paths = new BuildPaths(JobName.of("gcs-job"), new BuildId(4));
            UploadReport report = Uploader.create(store).uploadArtifacts(run, paths);
            assertThat(report.uploaded()).hasSize(7);
            assertThat(store.read(paths.buildLog())).isEqualTo(Files.readAllBytes(run.resolve("build-log.txt")));
            assertThat(store.stat(paths.buildLog()).orElseThrow().contentEncoding()).isEqualTo("gzip");
        }
    }

    /**
     * Issue 14: the client retried conditional creates itself (6 attempts under the uploader's 5),
     * and a lost response came back as a 412 "build already exists".
     */
    @Nested
    class ClientRetries {
        @Test
        void writesAndDeletesAreTriedOnceByTheClientAndFailTransient() {
            try (UnavailableGcs gcs = new UnavailableGcs();
                 ObjectStore store = GcsObjectStore.open("b", "p", new StoreOptions(null, gcs.url()), k -> null,
                         () -> {
                             throw new IOException("no ADC in tests");
                         })) {
                assertThatThrownBy(() -> store.write("logs/j/1/started.json", "{}".getBytes(UTF_8),
                        WriteOptions.of("application/json").ifAbsent()))
                        .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isTrue());
                assertThat(gcs.requests()).isEqualTo(1);

                assertThatThrownBy(() -> store.delete("logs/j/1/x")).isInstanceOf(ObjectStoreException.class);
                assertThat(gcs.requests()).isEqualTo(2);
            }
        }

        @Test
        void theUploadersOneLayerRetriesAConditionalCreateItsOwnNumberOfTimes(@TempDir Path tmp) {
            try (UnavailableGcs gcs = new UnavailableGcs();
                 ObjectStore store = GcsObjectStore.open("b", "p", new StoreOptions(null, gcs.url()), k -> null,
                         () -> {
                             throw new IOException("no ADC in tests");
                         })) {
                Uploader uploader = Uploader.create(store, UploadOptions.defaults().withAttempts(3)
                        .withBackoffBase(java.time.Duration.ofMillis(1)));
                Path run = RunDirs.copy("complete-run", tmp.resolve("run"));

                assertThatThrownBy(() -> uploader.start(run, JobName.of("j"), java.util.Optional.of(new BuildId(1))))
                        .isInstanceOf(UploadException.class).hasMessageContaining("after 3 attempt(s)");
                assertThat(gcs.requests()).isEqualTo(3);
            }
        }
    }

    @Nested
    class ErrorMapping {

        private GcsObjectStore failing(int code) {
            return new GcsObjectStore(FailingStorage.failingWith(code, "status " + code + "\nsecond line"), "b", "", null);
        }

        @Test
        void preconditionFailed() {
            assertThatThrownBy(() -> failing(412).write("x", new byte[] {1}, WriteOptions.of("").ifAbsent()))
                    .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("gs://b");
        }

        @Test
        void notFound() {
            assertThatThrownBy(() -> failing(404).read("x")).isInstanceOf(NoSuchObjectException.class);
        }

        @ParameterizedTest
        @ValueSource(ints = {408, 429, 500, 502, 503, 504})
        void transientCodes(int code) {
            assertThatThrownBy(() -> failing(code).write("x", new byte[] {1}, WriteOptions.of("")))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageNotContaining("\n");
        }

        @ParameterizedTest
        @ValueSource(ints = {401, 403})
        void accessDeniedSaysWhatToDo(int code) {
            assertThatThrownBy(() -> failing(code).list("logs/", "/"))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("access denied").hasMessageContaining("gcloud auth");
        }

        @Test
        void otherClientErrorsArePermanent() {
            assertThatThrownBy(() -> failing(400).stat("x"))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isFalse());
        }
    }

    @Nested
    class Opening {

        private final GcsCredentials.AdcSource noAdc = () -> {
            throw new IOException("The Application Default Credentials are not available.");
        };

        private ObjectStore open(String root, StoreOptions options, Map<String, String> env) {
            return ObjectStores.open(root, options, env::get, noAdc, Clock.systemUTC());
        }

        @Test
        void withoutCredentialsTheMessageSaysHowToAuthenticate() {
            assertThatThrownBy(() -> open("gs://fede2e-results/ci", StoreOptions.defaults(), Map.of()))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("gs://fede2e-results")
                    .hasMessageContaining("gcloud auth application-default login")
                    .hasMessageContaining("--gcs-credentials")
                    .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void aReaderWithoutCredentialsReadsAnonymously() {
            try (ObjectStore s = open("gs://kubernetes-jenkins/logs", StoreOptions.defaults()
                    .readAnonymouslyWithoutCredentials(), Map.of())) {
                assertThat(s.anonymous()).isTrue();
                assertThat(s.root()).isEqualTo("gs://kubernetes-jenkins/logs");
            }
        }

        @Test
        void aKeyFileStillWinsOverAnonymousReading(@TempDir Path tmp) {
            Path key = tmp.resolve("missing-key.json");
            assertThatThrownBy(() -> open("gs://fede2e-results", new StoreOptions(key, null)
                    .readAnonymouslyWithoutCredentials(), Map.of()))
                    .isInstanceOf(ObjectStoreException.class).hasMessageContaining("does not exist");
        }

        @Test
        void aMissingKeyFileIsNamed(@TempDir Path tmp) {
            Path key = tmp.resolve("missing-key.json");
            assertThatThrownBy(() -> open("gs://fede2e-results", new StoreOptions(key, null), Map.of()))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining(key.toString()).hasMessageContaining("does not exist");
            assertThatThrownBy(() -> open("gs://fede2e-results", StoreOptions.defaults(),
                    Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString())))
                    .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS").hasMessageContaining(key.toString());
        }

        @Test
        void aBrokenKeyFileIsRefusedWithoutEchoingIt() throws Exception {
            Path key = Path.of(GcsObjectStoreTests.class.getResource("/credentials/truncated-key/key.json").toURI());
            assertThatThrownBy(() -> open("gs://fede2e-results", new StoreOptions(key, null), Map.of()))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("not a usable key")
                    .hasMessageNotContaining("PRIVATE KEY")
                    .hasMessageNotContaining("MIIEv");
        }

        @Test
        void anEmulatorNeedsNoCredentials() {
            try (ObjectStore s = open("gs://fede2e-results/pre/fix/", StoreOptions.defaults(),
                    Map.of("STORAGE_EMULATOR_HOST", "127.0.0.1:1"))) {
                assertThat(s.root()).isEqualTo("gs://fede2e-results/pre/fix");
                assertThat(s.browseUrl("a")).isEqualTo("http://127.0.0.1:1/fede2e-results/pre/fix/a");
            }
            try (ObjectStore s = open("gs://fede2e-results", new StoreOptions(null, "http://127.0.0.1:1"), Map.of())) {
                assertThat(s.root()).isEqualTo("gs://fede2e-results");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"gs://", "gs://UPPER", "gs://a", "gs://bucket/../x", "gs://bucket/a\\b"})
        void malformedRootsAreRefused(String root) {
            assertThatThrownBy(() -> open(root, StoreOptions.defaults(), Map.of("STORAGE_EMULATOR_HOST", "127.0.0.1:1")))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("store root")
                    .hasMessageNotContaining("\n");
        }
    }
}
