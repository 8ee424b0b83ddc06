package io.fede2e.provider.hollow;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.Reattachable;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hollow provider: {@code up} starts an API server and the controllers in this JVM and waits for
 * the nodes to be Ready; {@code down} stops them and deletes the temporary files.
 *
 * <p>Another process reattaches through {@link #saveState()}: the kubeconfig path, the temporary
 * directory, and the pid and start time of the serving JVM. A reattached {@code down} asks that JVM to
 * stop (SIGTERM through {@link ProcessHandle}); the serving JVM's shutdown hook then takes the cluster
 * down. When that JVM was killed (SIGKILL runs no hook, also during Up: the state is handed over by
 * {@link #checkpointStateTo} as soon as the directory exists), the cluster died with it and
 * {@code down} removes the directory it left.
 */
final class HollowProvider implements ClusterProvider, Reattachable {

    static final String STATE_KUBECONFIG = "kubeconfig";
    static final String STATE_PID = "pid";
    static final String STATE_SERVER = "server";
    static final String STATE_DIR = "dir";
    static final String STATE_STARTED = "pid-started";

    /** Only directories of this name are removed by a reattached Down: the state file is user input. */
    private static final String DIR_PREFIX = "fede2e-hollow-";

    private static final Duration REMOTE_STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SERVER_LINE = Pattern.compile("(?m)^\\s*server:\\s*(\\S+)\\s*$");

    /** Clusters served by this JVM, by kubeconfig path, so that a reattach in this JVM finds its cluster. */
    private static final Map<Path, HollowProvider> SERVED_HERE = new ConcurrentHashMap<>();

    private HollowCluster cluster;
    private ClusterSpec spec;
    private Thread shutdownHook;
    private Remote remote;
    private Consumer<Map<String, String>> checkpoint = state -> { };

    /**
     * A cluster served by another process; {@code gone} when that process no longer runs, and then
     * only {@code dir} (possibly null) is left to remove.
     */
    private record Remote(Path kubeconfig, long pid, String server, Path dir, boolean gone) {
    }

    @Override
    public String name() {
        return HollowProviderFactory.NAME;
    }

    @Override
    public synchronized void up(ClusterSpec clusterSpec) {
        if (cluster != null || remote != null) {
            throw new ProviderException("hollow cluster " + (spec != null ? spec.name() : "") + " is already up; "
                    + "call down() before up() again");
        }
        HollowOptions options;
        try {
            options = HollowOptions.from(clusterSpec);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(e.getMessage(), e);
        }
        this.spec = clusterSpec;
        this.cluster = HollowCluster.start(clusterSpec, options,
                dir -> checkpoint.accept(state(dir.resolve("kubeconfig"), dir, null)));
        SERVED_HERE.put(cluster.kubeconfig(), this);
        Thread hook = new Thread(this::downFromHook, "hollow-shutdown-" + clusterSpec.name());
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            shutdownHook = hook;
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: nothing will outlive it anyway
        }
    }

    private void downFromHook() {
        synchronized (this) {
            shutdownHook = null;
        }
        down();
    }

    @Override
    public synchronized void down() {
        if (remote != null) {
            Remote r = remote;
            if (!r.gone()) {
                stopRemote(r);
            }
            // The serving JVM's hook deletes its directory; a killed JVM's is left for us.
            removeLeftDirectory(r.dir());
            remote = null;
            return;
        }
        if (cluster == null) {
            return;
        }
        HollowCluster c = cluster;
        cluster = null;
        SERVED_HERE.remove(c.kubeconfig());
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // called during shutdown: the hook is running or will find nothing to do
            }
        }
        c.close();
    }

    private static void removeLeftDirectory(Path dir) {
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().startsWith(DIR_PREFIX)
                && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            HollowCluster.deleteTree(dir);
        }
    }

    private static void stopRemote(Remote r) {
        if (r.pid() == ProcessHandle.current().pid()) {
            HollowProvider local = SERVED_HERE.get(r.kubeconfig());
            if (local != null) {
                local.down();
            }
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(r.pid());
        if (process.isEmpty() || !process.get().isAlive()) {
            return;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(REMOTE_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for the hollow cluster's process " + r.pid()
                    + " to stop", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ProviderException("the hollow cluster's process " + r.pid() + " did not stop within "
                    + REMOTE_STOP_TIMEOUT + " of SIGTERM; kill it by hand (kill -9 " + r.pid() + ")", e);
        }
    }

    @Override
    public synchronized boolean isUp() {
        if (cluster != null) {
            return answers(cluster.server().url());
        }
        if (remote != null) {
            return !remote.gone() && remote.server() != null
                    && ProcessHandle.of(remote.pid()).map(ProcessHandle::isAlive).orElse(false) && answers(remote.server());
        }
        return false;
    }

    private static boolean answers(String serverUrl) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(serverUrl + "/version").toURL().openConnection();
            c.setConnectTimeout(5_000);
            c.setReadTimeout(10_000);
            c.setRequestProperty("Connection", "close");
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void dumpLogs(Path dir) {
        if (remote != null && remote.gone()) {
            ClusterDump.writeEventLog(dir, List.of(gone(remote)));
            return;
        }
        String server = cluster != null ? cluster.server().url() : remote != null ? remote.server() : null;
        if (server == null) {
            ClusterDump.writeEventLog(dir, List.of("no hollow cluster is up: nothing to dump"));
            return;
        }
        if (cluster != null) {
            ClusterDump.writeEventLog(dir, cluster.controllers().eventLog());
        } else {
            ClusterDump.writeEventLog(dir, List.of("the controllers ran in process " + remote.pid()
                    + "; their Events are among the objects in " + ClusterDump.OBJECTS_FILE));
        }
        new ClusterDump(server).writeObjects(dir);
    }

    @Override
    public synchronized Path kubeconfig() {
        if (cluster != null) {
            return cluster.kubeconfig();
        }
        if (remote != null) {
            if (remote.gone()) {
                throw new ProviderException(gone(remote));
            }
            return remote.kubeconfig();
        }
        throw new ProviderException("the hollow cluster is not up: call up() first");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public synchronized Map<String, String> metadata() {
        Map<String, String> m = new TreeMap<>();
        m.put("provider", HollowProviderFactory.NAME);
        if (spec != null) {
            m.put("kubernetes-version", spec.kubernetesVersion());
            m.put("node-count", Integer.toString(spec.nodeCount()));
        }
        return m;
    }

    @Override
    public synchronized Map<String, String> saveState() {
        if (cluster == null) {
            throw new ProviderException("the hollow cluster is not up in this process: nothing to save");
        }
        return state(cluster.kubeconfig(), cluster.kubeconfig().getParent(), cluster.server().url());
    }

    private static Map<String, String> state(Path kubeconfig, Path dir, String server) {
        Map<String, String> state = new TreeMap<>();
        state.put(STATE_KUBECONFIG, kubeconfig.toString());
        state.put(STATE_DIR, dir.toString());
        state.put(STATE_PID, Long.toString(ProcessHandle.current().pid()));
        ProcessHandle.current().info().startInstant().ifPresent(t -> state.put(STATE_STARTED, t.toString()));
        if (server != null) {
            state.put(STATE_SERVER, server);
        }
        return state;
    }

    @Override
    public synchronized void checkpointStateTo(Consumer<Map<String, String>> checkpoint) {
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    }

    @Override
    public synchronized void reattach(Map<String, String> state) {
        if (cluster != null || remote != null) {
            throw new ProviderException("this hollow provider already has a cluster; reattach a new one");
        }
        String kubeconfig = state.get(STATE_KUBECONFIG);
        String pidText = state.get(STATE_PID);
        if (kubeconfig == null || pidText == null) {
            throw new ProviderException("hollow state lacks " + (kubeconfig == null ? STATE_KUBECONFIG : STATE_PID)
                    + "; it was not written by the hollow provider's saveState()");
        }
        long pid;
        try {
            pid = Long.parseLong(pidText.trim());
        } catch (NumberFormatException e) {
            throw new ProviderException("hollow state pid '" + pidText + "' is not a process id", e);
        }
        Path path = Path.of(kubeconfig);
        Path dir = state.containsKey(STATE_DIR) ? Path.of(state.get(STATE_DIR)) : null;
        if (!serving(pid, state.get(STATE_STARTED))) {
            // Killed (the cluster died with it) or ended: only its directory may be left.
            remote = new Remote(path, pid, null, dir, true);
            return;
        }
        if (!Files.isRegularFile(path)) {
            throw new ProviderException("the hollow cluster is gone: its kubeconfig " + path
                    + " no longer exists; run up again");
        }
        String server = state.get(STATE_SERVER);
        if (server == null) {
            server = serverOf(path);
        }
        remote = new Remote(path, pid, server, dir, false);
    }

    /** Whether the JVM of the state still runs: same pid and, where recorded, same start time (pids are reused). */
    private static boolean serving(long pid, String started) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (p.isEmpty()) {
            return false;
        }
        if (started == null) {
            return true;
        }
        return p.get().info().startInstant().map(t -> t.toString().equals(started)).orElse(true);
    }

    private static String gone(Remote r) {
        return "the hollow cluster is gone: its process " + r.pid() + " is not running; run up again";
    }

    private static String serverOf(Path kubeconfig) {
        try {
            Matcher m = SERVER_LINE.matcher(Files.readString(kubeconfig, StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException e) {
            throw new ProviderException("cannot read the hollow kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
        throw new ProviderException("the hollow kubeconfig " + kubeconfig + " names no server");
    }
}
