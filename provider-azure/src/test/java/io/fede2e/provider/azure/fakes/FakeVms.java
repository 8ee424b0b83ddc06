package io.fede2e.provider.azure.fakes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * The run's VMs, played by one Apache MINA SSHD server in this process: the control plane listens
 * on 127.0.0.1, worker N on 127.0.0.(N+1), all on one ephemeral port, so the server tells the VMs
 * apart by the address a connection reached (the workers are reached through the control plane's
 * port forwarding, as on Azure). Its command handler answers the bootstrap scripts (found by
 * their {@code # fede2e step:} line), kubeadm's join command, admin.conf and the log dump, and
 * records every step with its start and end for the tests.
 */
public final class FakeVms implements AutoCloseable {

    /** One executed step: which VM, which step, when it ran. */
    public record Step(String vm, String step, long startNanos, long endNanos) {
    }

    public static final String JOIN_TOKEN = "abcdef.0123456789abcdef";
    public static final String CLIENT_KEY = "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLWZha2VjbGllbnRrZXk=";
    private static final Pattern STEP = Pattern.compile("(?m)^# fede2e step: (\\S+)");

    private final SshServer sshd;
    private final int workers;
    private final List<Step> steps = new CopyOnWriteArrayList<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
    private final Map<String, byte[]> dumps = new ConcurrentHashMap<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseSessions = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private volatile KeyPair hostKey;

    private record Failure(int exit, String output) {
    }

    /** Starts the control plane and {@code workers} workers on loopback. */
    public FakeVms(int workers) throws IOException {
        this.workers = workers;
        this.hostKey = newHostKey();
        sshd = SshServer.setUpDefaultServer();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i <= workers; i++) {
            hosts.add(address(i));
        }
        sshd.setHost(String.join(",", hosts));
        sshd.setPort(0);
        sshd.setKeyPairProvider(session -> List.of(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) -> "fede2e".equals(user)
                && key.getAlgorithm().toLowerCase(java.util.Locale.ROOT).contains("ed"));
        sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        sshd.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                if (refuseSessions.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    session.close(true);
                }
            }
        });
        sshd.setCommandFactory((channel, command) -> new VmCommand(command));
        sshd.start();
    }

    /** The address of node {@code i}: 0 is the control plane, 1..N the workers. */
    public static String address(int i) {
        return "127.0.0." + (i + 1);
    }

    public int port() {
        return sshd.getPort();
    }

    public int workers() {
        return workers;
    }

    /** Every command and SSH reply takes this long (the benchmark's 200 ms). */
    public void latency(Duration d) {
        latency = d;
    }

    /** The VMs answer with a new host key from now on (a rebuilt VM, or someone in the middle). */
    public void changeHostKey() {
        hostKey = newHostKey();
    }

    /** {@code step} on {@code vm} exits with {@code exit} after printing {@code output}. */
    public void fail(String vm, String step, int exit, String output) {
        failures.put(vm + "/" + step, new Failure(exit, output));
    }

    /** The next {@code times} runs of {@code step} on {@code vm} lose their connection before exiting. */
    public void dropConnection(String vm, String step, int times) {
        drops.put(vm + "/" + step, new AtomicInteger(times));
    }

    /** The next {@code n} SSH connections are closed right after they are accepted (sshd not ready yet). */
    public void refuseNextSessions(int n) {
        refuseSessions.set(n);
    }

    /** What {@code dump.sh} on {@code vm} writes: a tar.gz stream. */
    public void dump(String vm, byte[] tarGz) {
        dumps.put(vm, tarGz.clone());
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** A tar.gz of {@code files} (name to content), as dump.sh writes it. */
    public static byte[] tarGz(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : new java.util.TreeMap<>(files).entrySet()) {
                byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The admin.conf kubeadm writes, pointing at the control plane's private address. */
    public static String adminConf() {
        return """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: Y2EtY2VydA==
                    server: https://10.240.0.4:6443
                  name: kubernetes
                contexts:
                - context:
                    cluster: kubernetes
                    user: kubernetes-admin
                  name: kubernetes-admin@kubernetes
                current-context: kubernetes-admin@kubernetes
                kind: Config
                users:
                - name: kubernetes-admin
                  user:
                    client-certificate-data: Y2xpZW50LWNlcnQ=
                    client-key-data: %s
                """.formatted(CLIENT_KEY);
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    private static KeyPair newHostKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String vmAt(SocketAddress local) {
        String host = ((InetSocketAddress) local).getAddress().getHostAddress();
        int i = Integer.parseInt(host.substring(host.lastIndexOf('.') + 1)) - 1;
        return i == 0 ? "control-plane" : String.format("worker-%02d", i);
    }

    private final class VmCommand extends AbstractCommandSupport {
        private ChannelSession channel;

        VmCommand(String command) {
            super(command, null);
        }

        @Override
        public void start(ChannelSession channel, org.apache.sshd.server.Environment env) throws IOException {
            this.channel = channel;
            super.start(channel, env);
        }

        @Override
        public void run() {
            String vm = vmAt(channel.getSession().getLocalAddress());
            String command = getCommand();
            commands.add(vm + ": " + command);
            long start = System.nanoTime();
            try {
                String script = command.contains("cat > \"$f\"") ? read(getInputStream()) : "";
                Matcher m = STEP.matcher(script);
                String step = m.find() ? m.group(1) : command.contains("token create") ? "token"
                        : command.contains("admin.conf") ? "admin.conf" : "other";
                if (!latency.isZero()) {
                    Thread.sleep(latency.toMillis());
                }
                AtomicInteger drop = drops.get(vm + "/" + step);
                if (drop != null && drop.getAndDecrement() > 0) {
                    getOutputStream().write(("fede2e: " + step + " started, then the connection died\n")
                            .getBytes(StandardCharsets.UTF_8));
                    getOutputStream().flush();
                    channel.getSession().close(true);
                    return;
                }
                Failure failure = failures.get(vm + "/" + step);
                OutputStream out = getOutputStream();
                int exit = 0;
                if (failure != null) {
                    out.write(failure.output().getBytes(StandardCharsets.UTF_8));
                    exit = failure.exit();
                } else {
                    out.write(answer(vm, step).getBytes(StandardCharsets.UTF_8));
                    if (step.equals("dump")) {
                        out.write(dumps.getOrDefault(vm, tarGz(Map.of("kubelet.log", "kubelet on " + vm + "\n"))));
                    }
                }
                out.flush();
                steps.add(new Step(vm, step, start, System.nanoTime()));
                onExit(exit);
            } catch (IOException | InterruptedException e) {
                onExit(255, e.getMessage());
            }
        }

        private String answer(String vm, String step) {
            return switch (step) {
                case "token" -> "kubeadm join 10.240.0.4:6443 --token " + JOIN_TOKEN + " --discovery-token-ca-cert-hash "
                        + "sha256:" + "0123456789abcdef".repeat(4) + "\n";
                case "admin.conf" -> adminConf();
                case "dump" -> "";
                default -> "fede2e: " + step + " done on " + vm + "\n";
            };
        }

        private String read(InputStream in) throws IOException {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
