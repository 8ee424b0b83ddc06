package io.fede2e.provider.api.realk8s;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Kubernetes v1.20.2 control plane (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler; no kubelet) on loopback, started once per test JVM through
 * {@code ../shared/k8s/real-k8s} and stopped when the JVM exits.
 *
 * <p>Tests call {@link #shared()}; where the script or etcd is absent (a user's fresh clone has no
 * {@code ../shared}) the test is skipped with the reason, never failed. CI installs etcd-server so
 * these tests always run there. Each test works in namespaces of its own: the plane is shared by
 * every test of the JVM.
 */
public final class RealControlPlane {

    private static final Object LOCK = new Object();
    private static RealControlPlane shared;
    private static String unavailable;

    private final Path script;
    private final Path dir;
    private final Path kubeconfig;
    private final String server;

    private RealControlPlane(Path script, Path dir, String server) {
        this.script = script;
        this.dir = dir;
        this.kubeconfig = dir.resolve("kubeconfig");
        this.server = server;
    }

    /** The plane of this JVM, started on first use; skips the calling test where it cannot run. */
    public static RealControlPlane shared() {
        synchronized (LOCK) {
            if (shared == null && unavailable == null) {
                try {
                    shared = start();
                } catch (SkipException e) {
                    unavailable = e.getMessage();
                } catch (IOException e) {
                    throw new IllegalStateException("real-k8s failed to start: " + e.getMessage(), e);
                }
            }
            Assumptions.assumeTrue(shared != null, () -> "real Kubernetes control plane unavailable: " + unavailable);
            return shared;
        }
    }

    /**
     * The directory holding the upstream {@code e2e.test} binary of the same v1.20.2 tree
     * ({@code real-k8s bin}); skips the calling test where the script is absent.
     */
    public static Path binDirectory() {
        Optional<Path> script = locateScript();
        Assumptions.assumeTrue(script.isPresent(), "../shared/k8s/real-k8s not found (a clone without ../shared)");
        try {
            String out = run(List.of(script.get().toString(), "bin"), 300).trim();
            String[] lines = out.split("\n");
            return Paths.get(lines[lines.length - 1].trim());
        } catch (IOException e) {
            throw new IllegalStateException("real-k8s bin failed: " + e.getMessage(), e);
        }
    }

    /** Why the plane cannot run here, or empty when it can (script present, etcd installed). */
    public static Optional<String> whyUnavailable() {
        Optional<Path> script = locateScript();
        if (script.isEmpty()) {
            return Optional.of("../shared/k8s/real-k8s not found (a clone without ../shared); CI has it");
        }
        if (etcd().isEmpty()) {
            return Optional.of("etcd not installed (apt-get install etcd-server; .ci/run installs it)");
        }
        return Optional.empty();
    }

    /** The admin kubeconfig (client certificate, {@code system:masters}). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The API server's URL, {@code https://127.0.0.1:PORT}. */
    public String server() {
        return server;
    }

    /** A bearer token of the same admin user. */
    public String adminToken() {
        try {
            return Files.readString(dir.resolve("admin-token"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dir.resolve("admin-token"), e);
        }
    }

    /** The directory of the plane: kubeconfig, pki, logs of each component. */
    public Path directory() {
        return dir;
    }

    private static RealControlPlane start() throws IOException {
        Optional<String> why = whyUnavailable();
        if (why.isPresent()) {
            throw new SkipException(why.get());
        }
        Path script = locateScript().orElseThrow();
        Path dir = startAlive(script, 3);
        String server = null;
        for (String line : Files.readAllLines(dir.resolve("ports.env"), StandardCharsets.UTF_8)) {
            if (line.startsWith("SERVER=")) {
                server = line.substring("SERVER=".length()).trim();
            }
        }
        if (server == null) {
            throw new IOException("no SERVER= in " + dir.resolve("ports.env"));
        }
        RealControlPlane plane = new RealControlPlane(script, dir, server);
        Runtime.getRuntime().addShutdownHook(new Thread(plane::stop, "real-k8s-stop"));
        return plane;
    }

    /**
     * Starts a plane whose every component is still running afterwards. Two planes started at the same
     * moment on one machine (parallel builds) can both pick a free port, and one component then fails
     * to bind and exits, while the script's health check was answered by the other plane's component
     * on that port: a plane without a scheduler, whose pods stay Pending. Such a plane is stopped and
     * started again, when the taken port is seen as busy and another one is picked. The same race can
     * also make the script itself fail ({@code bind: address already in use}): started again as well.
     */
    private static Path startAlive(Path script, int attempts) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path dir = Files.createTempDirectory("fede2e-real-k8s-");
            try {
                run(List.of(script.toString(), "start", dir.toString()), 300, componentPorts());
            } catch (IOException e) {
                if (attempt >= attempts || !String.valueOf(e.getMessage()).contains("address already in use")) {
                    throw e;
                }
                // The script stopped what it had started; the other plane now holds the port.
                continue;
            }
            List<String> dead = run(List.of(script.toString(), "status", dir.toString()), 60).lines()
                    .filter(l -> l.endsWith(" not running")).toList();
            if (dead.isEmpty()) {
                return dir;
            }
            run(List.of(script.toString(), "stop", dir.toString()), 60);
            if (attempt >= attempts) {
                throw new IOException("real-k8s started " + attempts + " times, each time with a component that"
                        + " exited (" + String.join(", ", dead) + "; logs in " + dir.resolve("logs") + ")");
            }
        }
    }

    private void stop() {
        try {
            run(List.of(script.toString(), "stop", dir.toString()), 60);
        } catch (IOException | RuntimeException e) {
            System.err.println("real-k8s stop " + dir + " failed: " + e.getMessage());
        }
    }

    static Optional<Path> locateScript() {
        String override = System.getenv("FEDE2E_REAL_K8S");
        if (override != null && !override.isBlank()) {
            Path p = Paths.get(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared/k8s/real-k8s");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> etcd() {
        String override = System.getenv("REAL_K8S_ETCD");
        List<Path> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(Paths.get(override));
        }
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (!p.isEmpty()) {
                candidates.add(Paths.get(p, "etcd"));
            }
        }
        candidates.add(Paths.get("/usr/bin/etcd"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Free ports for the controller-manager and the scheduler, chosen here: when their defaults
     * (10257, 10259) are taken by another plane, real-k8s picks the same next free port for both
     * (its choice is made in a subshell that forgets the one before), and the scheduler cannot bind.
     * Ports the caller set in the environment are kept.
     */
    private static Map<String, String> componentPorts() throws IOException {
        Map<String, String> env = new HashMap<>();
        try (ServerSocket cm = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket sched = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            if (System.getenv("REAL_K8S_CM_PORT") == null) {
                env.put("REAL_K8S_CM_PORT", Integer.toString(cm.getLocalPort()));
            }
            if (System.getenv("REAL_K8S_SCHED_PORT") == null) {
                env.put("REAL_K8S_SCHED_PORT", Integer.toString(sched.getLocalPort()));
            }
        }
        return env;
    }

    private static String run(List<String> command, long limitSeconds) throws IOException {
        return run(command, limitSeconds, Map.of());
    }

    private static String run(List<String> command, long limitSeconds, Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + limitSeconds + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text.strip());
        }
        return text;
    }

    private static final class SkipException extends IOException {
        private static final long serialVersionUID = 1L;

        SkipException(String message) {
            super(message);
        }
    }
}
