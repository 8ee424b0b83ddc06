package io.fede2e.runner.fakes;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.ProviderOption;
import io.fede2e.provider.api.Reattachable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider for runner tests: records each lifecycle call as a line of {@code calls.txt} in its
 * {@code marker-dir}, can fail or hang in Up, and plants secrets in its kubeconfig and log dump.
 */
public final class FakeProviderFactory implements ClusterProviderFactory {

    /** Secrets the fake plants; tests assert none of them reaches a run directory or a bucket. */
    public static final String KUBE_TOKEN = "kubetokenAAAA1111bbbb2222";
    public static final String CLIENT_KEY = "Y2xpZW50a2V5ZGF0YXNlY3JldA==";
    public static final String EXEC_ENV = "execenvsecretZZZZ9999";
    public static final String PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    public static final String SAS_SIG = "sv2021sigQQQQ8888wwww";
    public static final String PASSWORD = "hunter2hunter2";

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String description() {
        return "A fake cluster for the runner's tests.";
    }

    @Override
    public List<ProviderOption> options() {
        return List.of(ProviderOption.of("marker-dir", "where calls.txt goes", null),
                ProviderOption.of("fail-up", "fail in Up", "false"),
                ProviderOption.of("up-sleep", "sleep in Up", "0ms"),
                ProviderOption.of("down-sleep", "sleep in Down, after writing down-started", "0ms"),
                ProviderOption.of("dump-hang", "DumpLogs writes part of its dump, then hangs this long, deaf to"
                        + " interrupts", "0ms"),
                ProviderOption.of("dump-hostile", "DumpLogs also writes a gzipped log with a secret, a truncated"
                        + " gzip and a symlink out of the run directory", "false"),
                ProviderOption.secret("api-key", "a credential"));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.DNS);
    }

    @Override
    public ClusterProvider create() {
        return new Fake();
    }

    /** The file that stands for the cluster: written by Up, removed by Down. */
    public static final String ALIVE = "cluster-alive";

    static final class Fake implements ClusterProvider, Reattachable {
        private Path dir;
        private Duration downSleep = Duration.ZERO;
        private boolean dumpHostile;
        private Duration dumpHang = Duration.ZERO;
        private java.util.function.Consumer<Map<String, String>> checkpoint = state -> { };

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void up(ClusterSpec spec) {
            dir = Path.of(spec.requiredOption("marker-dir"));
            downSleep = spec.durationOption("down-sleep", Duration.ZERO);
            dumpHostile = spec.booleanOption("dump-hostile", false);
            dumpHang = spec.durationOption("dump-hang", Duration.ZERO);
            record("up " + spec.name());
            // As a cloud provider does: the state is handed over before anything outlives the process.
            checkpoint.accept(saveState());
            try {
                // What a real cluster leaves behind until Down: fault tests look for it.
                Files.writeString(dir.resolve(ALIVE), spec.name());
                Files.writeString(kubeconfig(), """
                        apiVersion: v1
                        users:
                        - name: u
                          user:
                            token: %s
                            client-key-data: %s
                            exec:
                              env:
                              - name: SECRET_ENV
                                value: %s
                        """.formatted(KUBE_TOKEN, CLIENT_KEY, EXEC_ENV));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("fake up: using token=" + KUBE_TOKEN + " and api key " + spec.option("api-key", ""));
            Duration sleep = spec.durationOption("up-sleep", Duration.ZERO);
            if (!sleep.isZero()) {
                try {
                    Thread.sleep(sleep.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProviderException("interrupted while creating the cluster");
                }
            }
            if (spec.booleanOption("fail-up", false)) {
                throw new ProviderException("fake cluster cannot be created: quota exceeded",
                        "gcloud said: ERROR quota exceeded; password=" + PASSWORD, null);
            }
        }

        @Override
        public void down() {
            if (dir == null) {
                return;
            }
            if (!downSleep.isZero()) {
                // A slow teardown, so that a test can signal the process while Down runs.
                record("down-started");
                try {
                    Thread.sleep(downSleep.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    record("down-interrupted");
                    return;
                }
            }
            try {
                Files.deleteIfExists(dir.resolve(ALIVE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            record("down");
        }

        @Override
        public boolean isUp() {
            return dir != null;
        }

        @Override
        public void dumpLogs(Path out) {
            record("dumpLogs");
            try {
                Files.writeString(out.resolve("node.log"), String.join("\n",
                        "kubelet started",
                        "Authorization: Bearer " + KUBE_TOKEN,
                        "-----BEGIN RSA PRIVATE KEY-----",
                        PEM_BODY,
                        "-----END RSA PRIVATE KEY-----",
                        "fetched https://acct.blob.core.windows.net/c/x?sv=2021-08-06&sig=" + SAS_SIG + "&se=2030",
                        "db password=" + PASSWORD, ""));
                if (!dumpHang.isZero()) {
                    record("dumpLogs-hangs");
                    long end = System.nanoTime() + dumpHang.toNanos();
                    while (System.nanoTime() < end) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            // Deaf to interrupts, like a stuck ssh or kubectl call.
                        }
                    }
                    Files.writeString(out.resolve("late.log"), "written after the time box");
                }
                if (dumpHostile) {
                    byte[] gz = gzip("apiserver up\ntoken: " + KUBE_TOKEN + "\n".repeat(2000));
                    Files.write(out.resolve("kube-apiserver.log.gz"), gz);
                    Files.write(out.resolve("etcd.log.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
                    Path outside = Files.writeString(dir.resolve("outside.txt"), "kept out");
                    Files.createSymbolicLink(out.resolve("outside.txt"), outside);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Path kubeconfig() {
            return dir.resolve("kubeconfig");
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.DNS);
        }

        @Override
        public Map<String, String> saveState() {
            return Map.of("marker-dir", dir.toString());
        }

        @Override
        public void checkpointStateTo(java.util.function.Consumer<Map<String, String>> checkpoint) {
            this.checkpoint = checkpoint;
        }

        @Override
        public void reattach(Map<String, String> state) {
            dir = Path.of(state.get("marker-dir"));
            record("reattach");
        }

        private void record(String call) {
            try {
                Files.writeString(dir.resolve("calls.txt"), call + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] gzip(String text) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
