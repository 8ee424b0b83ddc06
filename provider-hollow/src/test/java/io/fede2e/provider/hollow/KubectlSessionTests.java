package io.fede2e.provider.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.realk8s.RealControlPlane;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise: kubectl (the one on PATH, 1.32 here and on CI) works against the kubeconfig
 * of a hollow cluster as against a real API server. Each step runs on hollow and, where the real
 * control plane of {@code ../shared/k8s} is there and the behaviour does not depend on the server's
 * version or on kubelets, on it too, and the two outputs must be the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlSessionTests {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** What one kubectl call printed. */
    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        }
    }

    /** kubectl with one kubeconfig and a cache of its own. */
    record Kubectl(Path kubeconfig, Path cache) {
        Result run(String... args) {
            List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                    "--cache-dir", cache.toString()));
            command.addAll(List.of(args));
            try {
                Path out = Files.createTempFile(cache, "out", ".txt");
                Path err = Files.createTempFile(cache, "err", ".txt");
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 120 s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError("cannot run kubectl: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        Result ok(String... args) {
            Result r = run(args);
            assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
            return r;
        }
    }

    private ClusterProvider hollow;
    private Kubectl onHollow;
    private Kubectl onReal;
    private String ns;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not on PATH (CI and these machines have 1.32)");
        hollow = new HollowProviderFactory().create();
        hollow.up(new ClusterSpec("kubectl", 1, "v1.33.0", Map.of()));
        onHollow = new Kubectl(hollow.kubeconfig(), Files.createDirectories(dir.resolve("hollow-cache")));
        Optional<String> why = RealControlPlane.whyUnavailable();
        if (why.isEmpty()) {
            onReal = new Kubectl(RealControlPlane.shared().kubeconfig(), Files.createDirectories(dir.resolve("real-cache")));
        } else {
            System.out.println("KubectlSessionTests: comparing with hollow only: " + why.get());
        }
    }

    @AfterAll
    void stop() {
        if (hollow != null) {
            hollow.down();
        }
    }

    @BeforeEach
    void namespace() throws IOException {
        ns = "kubectl-" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
        // A discovery cache per test, as a fresh kubectl has: a cache that still lists a CRD another
        // test deleted makes `kubectl get all` ask for its resource and fail, on a real server too.
        onHollow = new Kubectl(onHollow.kubeconfig(), Files.createTempDirectory(onHollow.cache().getParent(), "hollow-"));
        if (onReal != null) {
            onReal = new Kubectl(onReal.kubeconfig(), Files.createTempDirectory(onReal.cache().getParent(), "real-"));
        }
    }

    @org.junit.jupiter.api.AfterEach
    void removeNamespace() {
        if (onReal != null) {
            onReal.run("delete", "namespace", ns, "--wait=false", "--ignore-not-found");
        }
    }

    /** Runs the same command on both servers; returns hollow's result after checking the real one's is the same. */
    private Result same(String... args) {
        Result h = onHollow.ok(args);
        if (onReal != null) {
            Result r = onReal.ok(args);
            assertThat(h.out()).as("kubectl %s", String.join(" ", args)).isEqualTo(r.out());
        }
        return h;
    }

    private Path manifest(Path dir, int replicas) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: NS
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: NS
                data:
                  color: blue
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: NS
                  labels: {app: web}
                spec:
                  replicas: REPLICAS
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:1.25
                        ports:
                        - containerPort: 80
                        resources:
                          requests: {cpu: 100m, memory: 64Mi}
                """.replace("NS", ns).replace("REPLICAS", Integer.toString(replicas));
        Path file = dir.resolve("app-" + replicas + ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private static String header(Result r) {
        return r.lines().get(0).trim().replaceAll(" +", " ");
    }

    @Nested
    class CreateAndGet {

        @Test
        void createsWhatKubectlSendsAsProtobufAndListsItByShortNames() {
            assertThat(same("create", "namespace", ns).out()).isEqualTo("namespace/" + ns + " created\n");
            assertThat(same("create", "deployment", "web", "--image=nginx", "-n", ns).out())
                    .isEqualTo("deployment.apps/web created\n");

            Result namespaces = onHollow.ok("get", "ns", ns);
            assertThat(header(namespaces)).isEqualTo("NAME STATUS AGE");
            assertThat(namespaces.lines().get(1)).startsWith(ns).contains("Active");
            assertThat(header(onHollow.ok("get", "sa", "-n", ns))).isEqualTo("NAME SECRETS AGE");
            assertThat(onHollow.ok("get", "deploy", "-n", ns, "-o", "name").out()).isEqualTo("deployment.apps/web\n");
            assertThat(onHollow.ok("get", "all", "-n", ns).out()).contains("deployment.apps/web");
        }

        @Test
        void wideOutputHasTheApiServersColumns() {
            same("create", "namespace", ns);
            same("create", "deployment", "web", "--image=nginx", "-n", ns);

            Result deployments = onHollow.ok("get", "deployments", "-n", ns, "-o", "wide");
            assertThat(header(deployments)).isEqualTo("NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR");
            if (onReal != null) {
                assertThat(header(deployments)).isEqualTo(header(onReal.ok("get", "deployments", "-n", ns, "-o", "wide")));
            }
            assertThat(header(onHollow.ok("get", "nodes", "-o", "wide"))).isEqualTo("NAME STATUS ROLES AGE VERSION "
                    + "INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME");
            assertThat(onHollow.ok("get", "nodes").lines().get(1)).contains("Ready").contains("v1.33.0");
        }
    }

    @Nested
    class Apply {

        @Test
        void appliesClientSideThenServerSideAsARealServerAnswers(@TempDir Path dir) throws IOException {
            String first = same("apply", "-f", manifest(dir, 1).toString()).out();
            assertThat(first).isEqualTo("namespace/" + ns + " created\nconfigmap/settings created\n"
                    + "deployment.apps/web created\n");

            String second = same("apply", "-f", manifest(dir, 2).toString()).out();
            assertThat(second).isEqualTo("namespace/" + ns + " unchanged\nconfigmap/settings unchanged\n"
                    + "deployment.apps/web configured\n");
            assertThat(onHollow.ok("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").out())
                    .isEqualTo("2");

            // the client-side applies own spec.replicas; a server-side apply by another field manager that
            // changes it conflicts (kubectl's own manager may take what its last-applied annotation holds)
            Result conflict = onHollow.run("apply", "--server-side", "--field-manager=ops", "-f",
                    manifest(dir, 3).toString());
            assertThat(conflict.exit()).isNotZero();
            assertThat(conflict.err()).startsWith("error: Apply failed with 1 conflict: conflict with "
                    + "\"kubectl-client-side-apply\" using apps/v1: .spec.replicas\n")
                    .contains("--force-conflicts");
            if (onReal != null) {
                Result onRealServer = onReal.run("apply", "--server-side", "--field-manager=ops", "-f",
                        manifest(dir, 3).toString());
                assertThat(conflict.err()).isEqualTo(onRealServer.err());
                assertThat(conflict.out()).isEqualTo(onRealServer.out());
            }
            String serverSide = same("apply", "--server-side", "--force-conflicts", "-f", manifest(dir, 3).toString()).out();
            assertThat(serverSide).isEqualTo("namespace/" + ns + " serverside-applied\nconfigmap/settings "
                    + "serverside-applied\ndeployment.apps/web serverside-applied\n");
            assertThat(onHollow.ok("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").out())
                    .isEqualTo("3");
        }

        @Test
        void aTypoInAManifestIsRefusedByTheServersStrictValidation(@TempDir Path dir) throws IOException {
            same("create", "namespace", ns);
            Path typo = manifest(dir, 1);
            Files.writeString(typo, Files.readString(typo).replace("  replicas: 1", "  replica: 1"));

            Result refused = onHollow.run("apply", "-f", typo.toString());
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("strict decoding error: unknown field \"spec.replica\"");
            assertThat(onHollow.run("get", "deployment", "web", "-n", ns).exit()).isNotZero();
        }

        @Test
        void explainReadsTheServersSchema() {
            Result explain = onHollow.ok("explain", "deployment.spec.replicas");
            assertThat(explain.out()).contains("KIND:       Deployment").contains("FIELD: replicas <integer>");
        }
    }

    @Nested
    class CustomResources {

        @Test
        void definesAppliesListsScalesAndDeletesACustomResource(@TempDir Path dir) throws Exception {
            Path crd = dir.resolve("crd.yaml");
            try (var in = KubectlSessionTests.class.getResourceAsStream("/crd/widgets/crd.yaml")) {
                Files.copy(in, crd);
            }
            Path widget = dir.resolve("widget.yaml");
            Files.writeString(widget, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: "
                    + ns + "\nspec:\n  replicas: 2\n", StandardCharsets.UTF_8);
            same("create", "namespace", ns);
            try {
                assertThat(same("apply", "-f", crd.toString()).out())
                        .isEqualTo("customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n");
                same("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=60s");
                assertThat(same("apply", "-f", widget.toString()).out()).isEqualTo("widget.example.com/w created\n");

                Result listed = onHollow.ok("get", "widgets", "-n", ns);
                assertThat(header(listed)).isEqualTo("NAME SIZE REPLICAS AGE");
                assertThat(listed.lines().get(1)).startsWith("w ").contains("small").contains("2");
                if (onReal != null) {
                    assertThat(header(listed)).isEqualTo(header(onReal.ok("get", "widgets", "-n", ns)));
                }
                assertThat(same("get", "wd", "-n", ns, "-o", "name").out()).isEqualTo("widget.example.com/w\n");
                assertThat(same("scale", "widget", "w", "-n", ns, "--replicas=3").out())
                        .isEqualTo("widget.example.com/w scaled\n");
                assertThat(same("get", "widget", "w", "-n", ns, "-o", "jsonpath={.spec}").out())
                        .isEqualTo("{\"replicas\":3,\"size\":\"small\"}");
                assertThat(onHollow.ok("explain", "widget.spec.size").out()).contains("KIND:       Widget")
                        .contains("FIELD: size <string>");
                Files.writeString(widget, Files.readString(widget).replace("replicas:", "replica:"));
                Result typo = onHollow.run("apply", "-f", widget.toString());
                assertThat(typo.exit()).isNotZero();
                assertThat(typo.err()).contains("strict decoding error: unknown field \"spec.replica\"");
            } finally {
                onHollow.run("delete", "crd", "widgets.example.com", "--ignore-not-found");
                if (onReal != null) {
                    onReal.run("delete", "crd", "widgets.example.com", "--ignore-not-found");
                }
            }
            assertThat(onHollow.run("get", "widgets", "-n", ns).exit()).isNotZero();
        }
    }

    @Nested
    class Workloads {

        @Test
        void labelsScalesRollsOutWaitsDescribesAndDeletes() {
            same("create", "namespace", ns);
            same("create", "deployment", "web", "--image=nginx", "-n", ns);

            assertThat(same("label", "deployment", "web", "tier=front", "-n", ns).out())
                    .isEqualTo("deployment.apps/web labeled\n");
            assertThat(same("scale", "deployment", "web", "--replicas=3", "-n", ns).out())
                    .isEqualTo("deployment.apps/web scaled\n");
            // rollouts need kubelets: the real control plane has none, hollow has hollow ones
            assertThat(onHollow.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s").out())
                    .contains("deployment \"web\" successfully rolled out");
            assertThat(onHollow.ok("wait", "--for=condition=Available", "deployment/web", "-n", ns, "--timeout=90s").out())
                    .isEqualTo("deployment.apps/web condition met\n");
            assertThat(onHollow.ok("get", "pods", "-n", ns, "-l", "app=web", "--no-headers").lines()).hasSize(3)
                    .allSatisfy(l -> assertThat(l).contains("1/1").contains("Running"));

            String describe = onHollow.ok("describe", "deployment", "web", "-n", ns).out();
            assertThat(describe).contains("Name:               web").contains("tier=front")
                    .contains("3 desired | 3 updated | 3 total | 3 available | 0 unavailable")
                    .contains("Available      True    MinimumReplicasAvailable");

            assertThat(same("delete", "deployment", "web", "-n", ns).out()).isEqualTo("deployment.apps \"web\" deleted\n");
            Result gone = onHollow.run("get", "deployment", "web", "-n", ns);
            assertThat(gone.exit()).isNotZero();
            assertThat(gone.err()).contains("deployments.apps \"web\" not found");
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
