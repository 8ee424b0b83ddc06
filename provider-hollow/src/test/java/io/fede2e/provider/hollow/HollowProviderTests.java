package io.fede2e.provider.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviders;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.Reattachable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HollowProviderTests {

    private static final ClusterSpec SPEC = new ClusterSpec("unit", 3, "v1.32.4", Map.of("pod-startup-delay", "10ms"));

    private final List<ClusterProvider> started = new ArrayList<>();

    @AfterEach
    void downAll() {
        started.forEach(ClusterProvider::down);
    }

    private ClusterProvider up(ClusterSpec spec) {
        ClusterProvider p = new HollowProviderFactory().create();
        started.add(p);
        p.up(spec);
        return p;
    }

    private static KubernetesClient clientOf(Path kubeconfig) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static int portOf(Path kubeconfig) throws IOException {
        Matcher m = Pattern.compile("server: (\\S+)").matcher(Files.readString(kubeconfig));
        assertThat(m.find()).isTrue();
        return URI.create(m.group(1)).getPort();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class Discovery {

        @Test
        void isFoundByServiceLoaderWithItsOptions() {
            var factory = ClusterProviders.find(ClusterProviders.installed(getClass().getClassLoader()), "hollow");

            assertThat(factory).isPresent();
            assertThat(factory.get().capabilities()).isEmpty();
            assertThat(factory.get().options()).extracting(o -> o.name()).contains("port", "pod-startup-delay",
                    "job-duration", "max-pods-per-node", "node-cpu", "node-memory");
        }
    }

    @Nested
    class Up {

        @Test
        void startsReadyNodesReachableThroughAPrivateKubeconfig() throws IOException {
            ClusterProvider p = up(SPEC);

            Path kubeconfig = p.kubeconfig();
            assertThat(Files.getPosixFilePermissions(kubeconfig)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (KubernetesClient client = clientOf(kubeconfig)) {
                assertThat(client.nodes().list().getItems()).hasSize(3);
                assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.32.4");
                client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p")
                        .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("x").endContainer()
                        .endSpec().build()).create();
                await("the pod runs").atMost(Duration.ofSeconds(30)).until(() -> "Running".equals(
                        client.pods().inNamespace("default").withName("p").get().getStatus().getPhase()));
            }
            assertThat(p.metadata()).containsEntry("provider", "hollow").containsEntry("kubernetes-version", "v1.32.4")
                    .containsEntry("node-count", "3");
        }

        @Test
        void refusesASecondUp() {
            ClusterProvider p = up(SPEC);

            assertThatThrownBy(() -> p.up(SPEC)).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("already up");
        }

        @Test
        void namesAMalformedOption() {
            ClusterProvider p = new HollowProviderFactory().create();

            assertThatThrownBy(() -> p.up(new ClusterSpec("c", 1, "v1.33.0", Map.of("max-pods-per-node", "many"))))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("max-pods-per-node='many'");
            assertThatThrownBy(() -> p.up(new ClusterSpec("c", 1, "v1.33.0", Map.of("nodes-cpu", "2"))))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("nodes-cpu is not known")
                    .hasMessageContaining("node-cpu");
            assertThatThrownBy(() -> p.up(new ClusterSpec("c", 1, "v1.33.0", Map.of("port", "70000"))))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("port='70000' is out of range");
            assertThat(p.isUp()).isFalse();
        }

        @Test
        void aBusyPortFailsUpAndLeavesNothingBehind() throws IOException {
            ClusterProvider first = up(SPEC);
            int port = portOf(first.kubeconfig());
            ClusterProvider second = new HollowProviderFactory().create();

            assertThatThrownBy(() -> second.up(new ClusterSpec("c", 1, "v1.33.0", Map.of("port", Integer.toString(port)))))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("127.0.0.1:" + port);
            assertThat(second.isUp()).isFalse();
            second.down();
        }
    }

    @Nested
    class DumpLogs {

        @Test
        void writesTheEventLogAndEveryObjectSortedWithSecretsRedacted(@TempDir Path dir) throws IOException {
            ClusterProvider p = up(SPEC);
            try (KubernetesClient client = clientOf(p.kubeconfig())) {
                client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
                        .withName("creds").endMetadata().addToStringData("password", "hunter2").build()).create();
            }

            p.dumpLogs(dir);

            assertThat(dir.resolve("hollow-controllers.log")).isNotEmptyFile();
            String yaml = Files.readString(dir.resolve("hollow-objects.yaml"));
            assertThat(yaml).contains("kind: Node").contains("name: kube-system").doesNotContain("hunter2")
                    .doesNotContain("aHVudGVyMg");
            List<String> kinds = Pattern.compile("(?m)^kind: (\\S+)$").matcher(yaml).results()
                    .map(r -> r.group(1)).toList();
            List<String> apiVersions = Pattern.compile("(?m)^apiVersion: (\\S+)$").matcher(yaml).results()
                    .map(r -> r.group(1)).toList();
            assertThat(apiVersions).isSorted();
            assertThat(kinds).contains("Namespace", "Node", "Secret", "Lease");
        }

        @Test
        void saysSoWhenNoClusterIsUp(@TempDir Path dir) throws IOException {
            new HollowProviderFactory().create().dumpLogs(dir);

            assertThat(Files.readString(dir.resolve("hollow-controllers.log"))).contains("no hollow cluster is up");
        }
    }

    @Nested
    class Reattach {

        @Test
        void anotherProviderTakesTheClusterDown() throws IOException {
            ClusterProvider original = up(SPEC);
            Map<String, String> state = ((Reattachable) original).saveState();
            int port = portOf(original.kubeconfig());

            ClusterProvider again = new HollowProviderFactory().create();
            ((Reattachable) again).reattach(state);

            assertThat(again.kubeconfig()).isEqualTo(original.kubeconfig());
            assertThat(again.isUp()).isTrue();
            again.down();
            assertThat(original.isUp()).isFalse();
            assertThat(accepts(port)).isFalse();
            assertThat(Path.of(state.get("kubeconfig"))).doesNotExist();
        }

        @Test
        void anotherProcessStopsTheServingProcess(@TempDir Path dumps) throws Exception {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    ServeHollowCluster.class.getName()).redirectErrorStream(true).start();
            try {
                Map<String, String> state = new java.util.TreeMap<>();
                var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                java.util.concurrent.CompletableFuture<Void> ready = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        for (String line = lines.readLine(); line != null && !line.equals("READY");
                                line = lines.readLine()) {
                            if (line.startsWith("STATE ")) {
                                String kv = line.substring(6);
                                state.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                            }
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                ready.get(3, java.util.concurrent.TimeUnit.MINUTES);
                assertThat(state.get("pid")).isEqualTo(Long.toString(child.pid()));

                ClusterProvider remote = new HollowProviderFactory().create();
                ((Reattachable) remote).reattach(state);
                assertThat(remote.isUp()).isTrue();
                remote.dumpLogs(dumps);
                assertThat(Files.readString(dumps.resolve("hollow-objects.yaml"))).contains("hollow-node-0001");
                int port = portOf(remote.kubeconfig());
                remote.down();

                assertThat(child.isAlive()).isFalse();
                assertThat(accepts(port)).isFalse();
                assertThat(Path.of(state.get("kubeconfig"))).doesNotExist();
                assertThat(remote.isUp()).isFalse();
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
        }

        @Test
        void refusesIncompleteOrStaleState(@TempDir Path dir) throws IOException {
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "server: http://127.0.0.1:1\n");
            Reattachable p = (Reattachable) new HollowProviderFactory().create();

            assertThatThrownBy(() -> p.reattach(Map.of("pid", "1"))).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("lacks kubeconfig");
            assertThatThrownBy(() -> p.reattach(Map.of("pid", "x", "kubeconfig", kubeconfig.toString())))
                    .hasMessageContaining("pid 'x' is not a process id");
            assertThatThrownBy(() -> p.reattach(Map.of("pid", "1", "kubeconfig", dir.resolve("gone").toString())))
                    .hasMessageContaining("no longer exists");
        }

        @Test
        void theStateOfAKilledProcessIsGoneAndDownRemovesTheDirectoryItLeft(@TempDir Path tmp) throws IOException {
            Path left = Files.createDirectories(tmp.resolve("fede2e-hollow-killed-123"));
            Path kubeconfig = Files.writeString(left.resolve("kubeconfig"), "server: http://127.0.0.1:1\n");
            ClusterProvider p = new HollowProviderFactory().create();

            ((Reattachable) p).reattach(Map.of("pid", Long.toString(Long.MAX_VALUE), "kubeconfig", kubeconfig.toString(),
                    "dir", left.toString()));

            assertThat(p.isUp()).isFalse();
            assertThatThrownBy(p::kubeconfig).isInstanceOf(ProviderException.class).hasMessageContaining("is not running");
            p.down();
            assertThat(left).doesNotExist();
            p.down();
        }

        @Test
        void aReusedPidIsNotTakenForTheClusterAndADirectoryNotOursIsLeftAlone(@TempDir Path tmp) throws IOException {
            // The pid of this very JVM, with another start time: a later process that got the killed one's pid.
            Path notOurs = Files.createDirectories(tmp.resolve("home-of-someone"));
            Files.writeString(notOurs.resolve("kubeconfig"), "server: http://127.0.0.1:1\n");
            ClusterProvider p = new HollowProviderFactory().create();

            ((Reattachable) p).reattach(Map.of("pid", Long.toString(ProcessHandle.current().pid()), "pid-started",
                    "2001-01-01T00:00:00Z", "kubeconfig", notOurs.resolve("kubeconfig").toString(), "dir",
                    notOurs.toString()));
            p.down();

            assertThat(p.isUp()).isFalse();
            assertThat(notOurs.resolve("kubeconfig")).as("not a hollow directory: kept").exists();
        }

        @Test
        void upHandsOverItsDirectoryBeforeTheServerStarts() {
            ClusterProvider p = new HollowProviderFactory().create();
            List<Map<String, String>> checkpoints = new java.util.concurrent.CopyOnWriteArrayList<>();
            ((Reattachable) p).checkpointStateTo(checkpoints::add);
            try {
                p.up(new ClusterSpec("checkpointed", 1, "v1.33.0", Map.of()));
                assertThat(checkpoints).hasSize(1);
                Map<String, String> early = checkpoints.get(0);
                assertThat(early).containsEntry("pid", Long.toString(ProcessHandle.current().pid()))
                        .containsEntry("dir", p.kubeconfig().getParent().toString())
                        .containsEntry("kubeconfig", p.kubeconfig().toString())
                        .doesNotContainKey("server");
                assertThat(((Reattachable) p).saveState()).containsAllEntriesOf(early).containsKey("server");
            } finally {
                p.down();
            }
        }

        @Test
        void savesNoStateWithoutACluster() {
            assertThatThrownBy(() -> ((Reattachable) new HollowProviderFactory().create()).saveState())
                    .isInstanceOf(ProviderException.class);
        }
    }

    @Nested
    class Repetition {

        @Test
        void twentyUpsAndDownsLeakNoThreadsPortsOrFiles() throws Exception {
            // A name of its own, so that hollow clusters of other processes sharing the temp
            // directory (parallel builds on one agent) cannot look like leaks of this test.
            String name = "cycle-" + Long.toString(ProcessHandle.current().pid(), 36)
                    + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
            ClusterSpec spec = new ClusterSpec(name, 2, "v1.33.0", Map.of());
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            ClusterProvider warmUp = new HollowProviderFactory().create();
            warmUp.up(spec);
            warmUp.down();
            Set<Thread> baseline = new HashSet<>(Thread.getAllStackTraces().keySet());
            Set<Path> tmpBefore = hollowDirs(tmp, name);

            for (int i = 0; i < 20; i++) {
                ClusterProvider p = new HollowProviderFactory().create();
                p.up(spec);
                int port = portOf(p.kubeconfig());
                Path dir = p.kubeconfig().getParent();
                p.down();
                assertThat(accepts(port)).as("port of cycle " + i + " after down").isFalse();
                assertThat(dir).as("directory of cycle " + i).doesNotExist();
            }

            assertThat(hollowDirs(tmp, name)).isEqualTo(tmpBefore);
            // Polled in this thread: Awaitility's own poller would be a thread beyond the baseline.
            await("only the baseline threads are alive").atMost(Duration.ofSeconds(15)).pollInSameThread().until(() -> {
                Set<Thread> now = new HashSet<>(Thread.getAllStackTraces().keySet());
                now.removeAll(baseline);
                now.removeIf(t -> !t.isAlive() || t.getName().startsWith("ForkJoinPool.commonPool"));
                return now.isEmpty();
            });
        }

        private Set<Path> hollowDirs(Path tmp, String clusterName) throws IOException {
            try (Stream<Path> s = Files.list(tmp)) {
                // only this test's clusters: other processes on the machine may run hollow clusters too
                String prefix = "fede2e-hollow-" + clusterName + "-";
                return new HashSet<>(s.filter(f -> f.getFileName().toString().startsWith(prefix)).toList());
            }
        }
    }

}
