package io.fede2e.provider.azure;

import io.fede2e.provider.api.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * DumpLogs for kubeadm clusters: every VM at once, over SSH, each within its bound, its logs
 * (what log-dump.sh collected) into {@code nodes/<vm>/}. A VM that cannot be reached gets
 * {@code unreachable.txt} with the reason, and the dump goes on.
 */
final class AzureLogDump {

    /** A node's dump is untrusted: bounded in size and entries, and kept inside its directory. */
    static final long MAX_BYTES = 512L * 1024 * 1024;
    static final int MAX_ENTRIES = 20_000;

    private AzureLogDump() {
    }

    static void dumpNodes(Ssh ssh, AzureSettings settings, Cluster cluster, Path dir) {
        AzureProvider.parallelQuietly(cluster.allNodes(), node -> {
            Path nodeDir = dir.resolve("nodes").resolve(node.name());
            try {
                Files.createDirectories(nodeDir);
                if (ssh == null) {
                    unreachable(nodeDir, "the run's SSH key is not in the state (it is kept only with "
                            + "--provider-opt keep-key=true), so this process cannot log in");
                    return;
                }
                dumpNode(ssh, settings, cluster, node, nodeDir);
            } catch (ProviderException | IOException | UncheckedIOException e) {
                unreachable(nodeDir, e.getMessage());
            }
        });
    }

    private static void dumpNode(Ssh ssh, AzureSettings settings, Cluster cluster, Cluster.Node node, Path nodeDir)
            throws IOException {
        Path archive = nodeDir.resolve(".dump.tar.gz");
        try {
            int exit = ssh.exec(AzureProvider.target(settings, cluster, node), Script.DUMP.command(java.util.List.of()),
                    Script.DUMP.text(), settings.commandTimeout(), true, () -> new Bounded(Files.newOutputStream(archive)));
            if (exit != 0 && Files.size(archive) == 0) {
                throw new ProviderException("dump.sh exited with " + exit + " and wrote nothing");
            }
            extract(archive, nodeDir);
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /** Unpacks regular files and directories only, each inside {@code into}, within the bounds. */
    static void extract(Path archive, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        int entries = 0;
        try (InputStream raw = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                        raw))) {
            long total = 0;
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new ProviderException("the node's dump has more than " + MAX_ENTRIES + " files; kept the first");
                }
                String name = e.getName().replaceFirst("^(\\./)+", "");
                if (name.isEmpty() || e.isSymbolicLink() || e.isLink() || !(e.isFile() || e.isDirectory())) {
                    continue;
                }
                Path target = root.resolve(name).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new ProviderException("the node's dump holds a path outside its directory: "
                            + name.replaceAll("\\p{Cntrl}", "?") + "; ignored the rest");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                total += e.getSize();
                if (total > MAX_BYTES) {
                    throw new ProviderException("the node's dump is larger than " + MAX_BYTES + " bytes; kept the first");
                }
                Files.createDirectories(target.getParent());
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Stops a download that grows past {@link #MAX_BYTES}. */
    private static final class Bounded extends java.io.FilterOutputStream {
        private long written;

        Bounded(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > MAX_BYTES) {
                throw new IOException("the node's dump is larger than " + MAX_BYTES + " bytes");
            }
            out.write(b, off, len);
        }
    }

    static void unreachable(Path nodeDir, String reason) {
        try {
            Files.createDirectories(nodeDir);
            try (OutputStream out = Files.newOutputStream(nodeDir.resolve("unreachable.txt"))) {
                out.write(("cannot collect this VM's logs: " + reason + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
