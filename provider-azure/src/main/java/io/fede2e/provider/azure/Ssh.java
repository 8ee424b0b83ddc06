package io.fede2e.provider.azure;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.fede2e.provider.api.ProviderException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * SSH to the run's VMs with JSch: the control plane on its public address, the workers through it
 * (a local forward per worker, so they need no public address). Host keys are pinned on first
 * contact; connecting is retried until the VM's sshd answers, within a bound; a command whose
 * connection dropped is run again (the bootstrap scripts are idempotent).
 */
final class Ssh implements AutoCloseable {

    /** Where a VM's sshd is. */
    record Target(String vm, String host, int port, boolean throughControlPlane) {
    }

    /** A finished command: exit code and its output (stdout and stderr, the last 64 KiB). */
    record Result(int exitCode, String output) {
    }

    static final String USER = "fede2e";
    private static final int OUTPUT_KEPT = 64 * 1024;
    private static final int ATTEMPTS_AFTER_DROP = 3;
    private static final int TIMED_OUT = -2;

    private final JSch jsch = new JSch();
    private final PinnedHostKeys pins;
    private final Duration connectWait;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Worker VM name to the local port forwarded to it over the control plane's session. */
    private final Map<String, Integer> forwards = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private volatile Target controlPlane;

    Ssh(byte[] privateKey, byte[] publicKey, PinnedHostKeys pins, Duration connectWait) {
        this.pins = pins;
        this.connectWait = connectWait;
        try {
            jsch.addIdentity("fede2e-run-key", privateKey, publicKey, null);
        } catch (JSchException e) {
            throw new ProviderException("the run's SSH key cannot be used: " + e.getMessage(), e);
        }
        jsch.setHostKeyRepository(pins);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fede2e-azure-ssh-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** The control plane, through which the workers are reached. */
    void controlPlane(Target target) {
        this.controlPlane = target;
    }

    /** Runs {@code command} on {@code target} with {@code stdin}; output kept as text. */
    Result run(Target target, String command, byte[] stdin, Duration timeout) {
        TailBuffer out = new TailBuffer(OUTPUT_KEPT);
        int exit = exec(target, command, stdin, timeout, false, () -> {
            out.reset();
            return out;
        });
        return new Result(exit, out.text());
    }

    /**
     * Runs {@code command} on {@code target}, its stdout (and stderr, unless {@code binary}) into
     * the stream {@code sink} opens (again, from the start, after a dropped connection); returns
     * the exit code.
     */
    int exec(Target target, String command, byte[] stdin, Duration timeout, boolean binary, Sink sink) {
        long deadline = System.nanoTime() + connectWait.plus(timeout).toNanos();
        JSchException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS_AFTER_DROP; attempt++) {
            Session session = session(target);
            try (OutputStream out = sink.open()) {
                int exit = execOnce(session, command, stdin, timeout, out, binary);
                if (exit >= 0) {
                    return exit;
                }
                if (exit == TIMED_OUT) {
                    throw new ProviderException("command on VM " + target.vm() + " ran longer than " + timeout
                            + " and was stopped; look at the VM's logs in the dump, or raise the bound");
                }
            } catch (JSchException e) {
                last = e;
            } catch (IOException e) {
                throw new ProviderException("cannot keep the output of a command on VM " + target.vm() + ": "
                        + e.getMessage(), e);
            }
            // The connection dropped before the command reported its exit: connect again and rerun.
            forget(target);
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new ProviderException("the SSH connection to VM " + target.vm() + " dropped " + ATTEMPTS_AFTER_DROP
                + " times while running a command" + (last == null ? "" : " (" + last.getMessage() + ")")
                + "; check the VM in the Azure portal and run again");
    }

    /** Opens the output stream of one attempt. */
    interface Sink {
        OutputStream open() throws IOException;
    }

    private int execOnce(Session session, String command, byte[] stdin, Duration timeout, OutputStream out,
            boolean binary) throws JSchException, IOException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?> stop = watchdog.schedule(() -> {
            timedOut.set(true);
            channel.disconnect();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            channel.setCommand(command);
            channel.setInputStream(stdin == null ? null : new ByteArrayInputStream(stdin));
            // Text commands interleave stderr with stdout, as a terminal shows them; a binary stream
            // (the log dump's tar.gz) keeps stderr out of its bytes.
            channel.setErrStream(binary ? OutputStream.nullOutputStream() : out, true);
            InputStream in = channel.getInputStream();
            channel.connect((int) Math.min(Integer.MAX_VALUE, connectWait.toMillis()));
            in.transferTo(out);
            // The exit status arrives just after the output's end.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!channel.isClosed() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            // No exit status: the watchdog stopped the command, or the connection dropped (the
            // session may not know it yet, so only the watchdog's own flag tells the two apart).
            int exit = channel.getExitStatus();
            return exit < 0 && timedOut.get() ? TIMED_OUT : exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while running a command over SSH", e);
        } finally {
            stop.cancel(false);
            channel.disconnect();
        }
    }

    private Session session(Target target) {
        Object lock = locks.computeIfAbsent(target.vm(), k -> new Object());
        synchronized (lock) {
            Session s = sessions.get(target.vm());
            if (s != null && s.isConnected()) {
                return s;
            }
            s = connect(target);
            sessions.put(target.vm(), s);
            return s;
        }
    }

    private Session connect(Target target) {
        long deadline = System.nanoTime() + connectWait.toNanos();
        long backoff = 200;
        Exception last;
        while (true) {
            try {
                return open(target);
            } catch (JSchChangedHostKeyException e) {
                throw new ProviderException("VM " + target.vm() + " offered a host key that differs from the one "
                        + "pinned at first contact (" + pins.fingerprint(target.vm()) + "); refusing to connect. "
                        + "Someone may be in the middle: check the VM's serial console in the Azure portal", e);
            } catch (JSchException | ProviderException e) {
                last = e;
            }
            if (System.nanoTime() + backoff * 1_000_000 > deadline) {
                throw new ProviderException("VM " + target.vm() + " did not answer SSH on " + target.host() + ":"
                        + target.port() + " within " + connectWait + " (" + last.getMessage() + "); check that "
                        + "the network security group admits this machine (option ssh-source-cidr)", last);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while waiting for SSH on VM " + target.vm(), e);
            }
            backoff = Math.min(backoff * 2, 5000);
        }
    }

    private Session open(Target target) throws JSchException {
        String host = target.host();
        int port = target.port();
        if (target.throughControlPlane()) {
            Target cp = controlPlane;
            if (cp == null) {
                throw new IllegalStateException("no control plane to reach " + target.vm() + " through");
            }
            Session jump = session(cp);
            port = jump.setPortForwardingL("127.0.0.1", 0, target.host(), target.port());
            host = "127.0.0.1";
            forwards.put(target.vm(), port);
        }
        Session s = jsch.getSession(USER, host, port);
        s.setHostKeyAlias(target.vm());
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", "publickey");
        s.setServerAliveInterval(15_000);
        s.setServerAliveCountMax(4);
        s.connect((int) Math.min(30_000, Math.max(1000, connectWait.toMillis())));
        return s;
    }

    private void forget(Target target) {
        Session s = sessions.remove(target.vm());
        if (s != null) {
            s.disconnect();
        }
        Integer port = forwards.remove(target.vm());
        Session jump = controlPlane == null ? null : sessions.get(controlPlane.vm());
        if (port != null && jump != null && jump.isConnected()) {
            try {
                jump.delPortForwardingL("127.0.0.1", port);
            } catch (JSchException e) {
                // The forward died with a dropped session; nothing is left to release.
            }
        }
    }

    @Override
    public void close() {
        List<Session> all = new ArrayList<>(sessions.values());
        sessions.clear();
        // Workers first: their forwards run over the control plane's session.
        all.sort((a, b) -> Boolean.compare(a.getHostKeyAlias().equals(cpName()), b.getHostKeyAlias().equals(cpName())));
        all.forEach(Session::disconnect);
        watchdog.shutdownNow();
    }

    private String cpName() {
        Target cp = controlPlane;
        return cp == null ? "" : cp.vm();
    }

    /** Keeps the last {@code limit} bytes written: a failing script's end says why. */
    static final class TailBuffer extends OutputStream {
        private final byte[] ring;
        private long written;

        TailBuffer(int limit) {
            ring = new byte[limit];
        }

        @Override
        public synchronized void write(int b) {
            ring[(int) (written++ % ring.length)] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }

        synchronized void reset() {
            written = 0;
        }

        synchronized String text() {
            if (written <= ring.length) {
                return new String(ring, 0, (int) written, StandardCharsets.UTF_8);
            }
            int start = (int) (written % ring.length);
            byte[] out = new byte[ring.length];
            System.arraycopy(ring, start, out, 0, ring.length - start);
            System.arraycopy(ring, 0, out, ring.length - start, start);
            return "[... output cut ...]\n" + new String(out, StandardCharsets.UTF_8);
        }
    }
}
