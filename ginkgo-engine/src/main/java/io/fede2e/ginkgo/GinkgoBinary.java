package io.fede2e.ginkgo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An upstream Ginkgo e2e binary and the Ginkgo version it was built with.
 *
 * <p>The version is read from the file itself, before anything is run: a Go binary carries the
 * import paths of its packages in its symbol table, {@code github.com/onsi/ginkgo/v2/...} for
 * Ginkgo v2 and {@code github.com/onsi/ginkgo/...} for v1. Running {@code --help} instead would
 * cost a process start (about 1 s for e2e.test) on every discovery, and would execute a file the
 * user may have named by mistake.
 *
 * @param path the binary
 * @param version the Ginkgo major version
 */
record GinkgoBinary(Path path, GinkgoVersion version) {

    private static final byte[] GINKGO = "github.com/onsi/ginkgo/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SUFFIX = "v2/".getBytes(StandardCharsets.US_ASCII);

    /** Versions found in this JVM, by {@link #keyOf}: the runner discovers several times in one run. */
    private static final Map<String, GinkgoVersion> SCANNED = new ConcurrentHashMap<>();

    /** Opens {@code path}; a one-line {@link GinkgoException} when it is not a Ginkgo e2e binary. */
    static GinkgoBinary open(Path path) {
        return open(path, Optional.empty());
    }

    /**
     * As {@link #open(Path)}, keeping the version found in {@code cacheDir} beside the listing: the
     * scan reads the whole file (e2e.test is over 100 MB, about 1 s of a 3 s discovery), and a
     * file of the same path, size and modification time is the same binary.
     */
    static GinkgoBinary open(Path path, Optional<Path> cacheDir) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new GinkgoException("--e2e-binary " + path + " does not exist or is not a file; give the path of "
                    + "e2e.test from the kubernetes-test tarball of your cluster's release");
        }
        if (!Files.isExecutable(p)) {
            throw new GinkgoException("--e2e-binary " + path + " is not executable; chmod +x it, or give the path of "
                    + "e2e.test from the kubernetes-test tarball");
        }
        String key = keyOf(p);
        GinkgoVersion v = SCANNED.get(key);
        if (v == null) {
            v = cacheDir.flatMap(d -> ListingCache.readVersion(d, key)).orElse(null);
        }
        if (v == null) {
            v = scan(p);
            if (v == null) {
                throw new GinkgoException("--e2e-binary " + path + " is not a Ginkgo e2e binary (no "
                        + "github.com/onsi/ginkgo inside); expected e2e.test from the kubernetes-test tarball");
            }
            GinkgoVersion found = v;
            cacheDir.ifPresent(d -> ListingCache.writeVersion(d, key, found));
        }
        SCANNED.put(key, v);
        return new GinkgoBinary(p, v);
    }

    /** A key that changes when the file does, for caching its listing. */
    String cacheKey() {
        return keyOf(path);
    }

    /** Forgets the versions found in this JVM, as a new process would: for tests of the disk cache. */
    static void forgetScans() {
        SCANNED.clear();
    }

    private static String keyOf(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return path + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return path.toString();
        }
    }

    private static GinkgoVersion scan(Path p) {
        boolean v1 = false;
        byte[] buf = new byte[1 << 20];
        int keep = GINKGO.length + V2_SUFFIX.length;
        try (InputStream in = Files.newInputStream(p)) {
            int filled = 0;
            while (true) {
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
                int limit = filled - GINKGO.length;
                for (int i = 0; i <= limit; i++) {
                    if (buf[i] == 'g' && matches(buf, i, GINKGO)) {
                        int after = i + GINKGO.length;
                        if (after + V2_SUFFIX.length > filled) {
                            break;
                        }
                        if (matches(buf, after, V2_SUFFIX)) {
                            return GinkgoVersion.V2;
                        }
                        v1 = true;
                    }
                }
                // Keep the tail: a marker may straddle two reads.
                int tail = Math.min(keep, filled);
                System.arraycopy(buf, filled - tail, buf, 0, tail);
                filled = tail;
            }
        } catch (IOException e) {
            throw new GinkgoException("--e2e-binary " + p + " cannot be read (" + e.getMessage()
                    + "); check its permissions", e);
        }
        return v1 ? GinkgoVersion.V1 : null;
    }

    private static boolean matches(byte[] buf, int at, byte[] what) {
        if (at + what.length > buf.length) {
            return false;
        }
        for (int j = 0; j < what.length; j++) {
            if (buf[at + j] != what[j]) {
                return false;
            }
        }
        return true;
    }
}
