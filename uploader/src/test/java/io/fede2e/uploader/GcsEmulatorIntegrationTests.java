package io.fede2e.uploader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.JobName;
import io.fede2e.uploader.Uploader.Phase;
import io.fede2e.uploader.fakes.RunDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gs:// store against a real GCS emulator (fake-gcs-server, for one), for what
 * LocalStorageHelper cannot do: preconditions, generations, Content-Encoding on the wire.
 * Runs only when STORAGE_EMULATOR_HOST names one, e.g.
 * {@code docker run -d -p 4443:4443 fsouza/fake-gcs-server -scheme http} and
 * {@code STORAGE_EMULATOR_HOST=http://127.0.0.1:4443}.
 */
class GcsEmulatorIntegrationTests {

    static final JobName JOB = JobName.of("emulated");

    String host;
    String bucket;
    ObjectStore store;

    @BeforeEach
    void open() {
        host = System.getenv("STORAGE_EMULATOR_HOST");
        Assumptions.assumeTrue(host != null && !host.isBlank(),
                "STORAGE_EMULATOR_HOST is not set: start a GCS emulator (e.g. fake-gcs-server on 127.0.0.1:4443)"
                        + " and set STORAGE_EMULATOR_HOST to run the gs:// integration tests");
        bucket = "fede2e-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (Storage admin = StorageOptions.http().setHost(host.startsWith("http") ? host : "http://" + host)
                .setProjectId("fede2e-emulator").setCredentials(NoCredentials.getInstance()).build().getService()) {
            admin.create(BucketInfo.of(bucket));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create bucket " + bucket + " on " + host, e);
        }
        store = ObjectStore.open("gs://" + bucket + "/prefix");
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void preconditionsHoldOnTheEmulator() {
        ObjectInfo first = store.write("a", "1".getBytes(UTF_8), WriteOptions.of("text/plain").ifAbsent());
        assertThat(first.generation()).isPositive();
        assertThatThrownBy(() -> store.write("a", "2".getBytes(UTF_8), WriteOptions.of("text/plain").ifAbsent()))
                .isInstanceOf(PreconditionFailedException.class);
        ObjectInfo second = store.write("a", "2".getBytes(UTF_8), WriteOptions.of("text/plain")
                .ifGeneration(first.generation()));
        assertThat(second.generation()).isNotEqualTo(first.generation());
        assertThatThrownBy(() -> store.write("a", "3".getBytes(UTF_8), WriteOptions.of("text/plain")
                .ifGeneration(first.generation()))).isInstanceOf(PreconditionFailedException.class);
        assertThat(store.read("a")).isEqualTo("2".getBytes(UTF_8));
    }

    @Test
    void aWholeRunUploadsAndReadsBack(@TempDir Path tmp) throws IOException {
        Path run = RunDirs.copy("complete-run", tmp.resolve("run"));
        UploadReport report = Uploader.create(store).upload(run, JOB, Optional.empty(), Phase.ALL);
        assertThat(report.paths().build()).isEqualTo(new BuildId(1));
        BuildPaths paths = report.paths();
        assertThat(store.read(paths.buildLog())).isEqualTo(Files.readAllBytes(run.resolve("build-log.txt")));
        assertThat(store.stat(paths.buildLog()).orElseThrow().contentEncoding()).isEqualTo("gzip");
        assertThat(new String(store.read(BuildPaths.latestBuild(JOB)), UTF_8)).isEqualTo("1");
        assertThat(store.stat(BuildPaths.latestBuild(JOB)).orElseThrow().cacheControl()).isEqualTo("no-cache");
        assertThatThrownBy(() -> Uploader.create(store).upload(run, JOB, Optional.of(new BuildId(1)), Phase.STARTED))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(Uploader.create(store).start(run, JOB, Optional.empty())).isEqualTo(new BuildId(2));
    }
}
