package io.fede2e.dashboard.render;

import io.fede2e.dashboard.DashboardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the site's files under the output directory and remembers them in a manifest, so that a
 * later run removes pages that left the window and nothing else of the directory. The manifest
 * also keeps, per page, the digest of the view it was rendered from and its length: a rerun whose
 * view of a page has the same digest leaves the page as it is without rendering it.
 */
public final class SiteWriter {

    /** The manifest of files a run wrote, relative to the output directory. */
    public static final String MANIFEST = ".fede2e-site";
    /** Temporary files begin with this; a run that dies leaves at most these beside the pages. */
    static final String TMP_PREFIX = ".fede2e-tmp.";
    /** Bytes handed to the file system in one call. */
    private static final int WRITE_PIECE = 256 * 1024;

    private final Path root;
    private final Map<String, String> written = new ConcurrentHashMap<>();
    /** Directories this run made or found, so a page in one costs no further mkdir or stat. */
    private final java.util.Set<Path> directories = ConcurrentHashMap.newKeySet();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private Map<String, String> previous;

    public SiteWriter(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The previous run's manifest: each file with its view digest and length, or "" when unknown. */
    private synchronized Map<String, String> previous() {
        if (previous == null) {
            Map<String, String> m = new HashMap<>();
            Path manifest = root.resolve(MANIFEST);
            try {
                if (Files.exists(manifest)) {
                    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                        if (line.isBlank()) {
                            continue;
                        }
                        int tab = line.indexOf('\t');
                        m.put(tab < 0 ? line : line.substring(0, tab), tab < 0 ? "" : line.substring(tab + 1));
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable manifest only costs this run its shortcuts; finish() reports a write failure
                m.clear();
            }
            previous = m;
        }
        return previous;
    }

    /**
     * Keeps a page the previous run wrote when it was rendered from a view with this digest and
     * is still there with its length, so it needs no rendering.
     *
     * @return true when the page was kept (and counts as written by this run)
     */
    public boolean reuse(String relative, String digest) {
        String before = previous().get(relative);
        if (before == null || before.isEmpty() || !before.startsWith(digest + " ")) {
            return false;
        }
        Path file = inside(relative);
        try {
            if (Files.size(file) != Long.parseLong(before.substring(digest.length() + 1))) {
                return false;
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        written.put(relative, before);
        reused.incrementAndGet();
        return true;
    }

    /** Pages kept from the previous run without rendering. */
    public long reused() {
        return reused.get();
    }

    private Path inside(String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("refusing to write outside the site: " + relative);
        }
        return file;
    }

    /** The output directory. */
    public Path root() {
        return root;
    }

    /** Files written so far. */
    public int files() {
        return written.size();
    }

    /** Writes a text file (UTF-8). */
    public void write(String relative, String text) {
        write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a file; one whose bytes are already there is left alone, so a rerun touches only
     * what changed (and a web server's caches stay warm).
     */
    public void write(String relative, byte[] bytes) {
        write(relative, null, bytes);
    }

    /** Writes a page rendered from a view with this digest (null when it has none), see {@link #reuse}. */
    public void write(String relative, String text, String digest) {
        write(relative, digest, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a page rendered from a view with this digest as the concatenation of {@code head},
     * {@code body}'s parts and {@code tail}: a page of tens of megabytes is then encoded part by
     * part from the markup its kind built, not copied into one text first (see {@link PageKind}).
     */
    void write(String relative, String digest, String head, Markup body, String tail) {
        List<StringBuilder> parts = body.parts();
        byte[][] bytes = new byte[parts.size() + 2][];
        bytes[0] = head.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < parts.size(); i++) {
            bytes[i + 1] = parts.get(i).toString().getBytes(StandardCharsets.UTF_8);
        }
        bytes[bytes.length - 1] = tail.getBytes(StandardCharsets.UTF_8);
        write(relative, digest, bytes);
    }

    private void write(String relative, String digest, byte[]... parts) {
        long length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        if (digest != null && (digest.isEmpty() || digest.indexOf(' ') >= 0 || digest.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("a digest is non-empty text without spaces: " + digest);
        }
        if (relative.indexOf('\t') >= 0 || relative.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("refusing a file name with a tab or newline: " + relative);
        }
        Path file = inside(relative);
        written.put(relative, digest == null ? "" : digest + " " + length);
        // a page with a digest reaches here only when reuse() found its view changed: its bytes
        // almost surely did too, so reading the old file back to compare would only cost time
        try {
            if (digest == null && parts.length == 1 && Files.size(file) == length
                    && Arrays.equals(Files.readAllBytes(file), parts[0])) {
                unchanged.incrementAndGet();
                return;
            }
        } catch (NoSuchFileException e) {
            // new file
        } catch (IOException e) {
            // unreadable: rewrite it
        }
        try {
            if (directories.add(file.getParent())) {
                Files.createDirectories(file.getParent());
            }
            boolean listed = previous().containsKey(relative);
            try {
                store(file, parts, listed);
            } catch (NoSuchFileException e) {
                // its directory was removed since this run made it
                Files.createDirectories(file.getParent());
                store(file, parts, listed);
            }
        } catch (IOException e) {
            throw new DashboardException("cannot write " + file + ": " + e.getMessage()
                    + " (check that --out is a writable directory)", e);
        }
    }

    private static void store(Path file, byte[][] parts, boolean listed) throws IOException {
        if (listed) {
            replace(file, parts);
        } else {
            create(file, parts);
        }
    }

    /**
     * Writes a page the previous run did not write straight to its name: there is no old page to
     * keep whole for a reader, and creating a file is the dearest step of a write (220-400 us of
     * kernel time each on the benchmark machine), so the temporary file and the rename are saved.
     * A name that is taken after all (a page of a run that died, a link) goes through
     * {@link #replace}; a write that fails removes what it began, so nothing is half written.
     */
    private static void create(Path file, byte[]... parts) throws IOException {
        java.io.OutputStream o;
        try {
            o = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            replace(file, parts);
            return;
        }
        try {
            try (o) {
                writeAll(o, parts);
            }
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Writes the parts in pieces of {@link #WRITE_PIECE} bytes: a file channel copies what one
     * call writes into a direct buffer of that size, which each thread keeps for its later writes,
     * so one call per page would hold native memory the size of the largest page per thread.
     */
    private static void writeAll(java.io.OutputStream o, byte[]... parts) throws IOException {
        for (byte[] part : parts) {
            for (int off = 0; off < part.length; off += WRITE_PIECE) {
                o.write(part, off, Math.min(WRITE_PIECE, part.length - off));
            }
        }
    }

    /**
     * Writes {@code bytes} to a temporary name beside {@code file} and renames it over the file:
     * a browser or web server reading the page meanwhile gets the old page or the new one, never a
     * part, and a run that dies mid-write leaves the old page. The rename also replaces a link
     * placed at the name instead of writing through it.
     */
    private static void replace(Path file, byte[]... parts) throws IOException {
        Path tmp = file.resolveSibling(TMP_PREFIX + file.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (java.io.OutputStream o = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                writeAll(o, parts);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies a static asset from the class path into {@code assets/}. */
    public void copyAsset(String name) {
        try (InputStream in = SiteWriter.class.getResourceAsStream("/io/fede2e/dashboard/assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " is missing from the class path");
            }
            write("assets/" + name, in.readAllBytes());
        } catch (IOException e) {
            throw new DashboardException("cannot read asset " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes the manifest and deletes the files the previous run wrote that this run did not. */
    public void finish() {
        Path manifest = root.resolve(MANIFEST);
        try {
            for (String old : new TreeSet<>(previous().keySet())) {
                if (written.containsKey(old)) {
                    continue;
                }
                Path f = root.resolve(old).normalize();
                if (f.startsWith(root) && !f.equals(root) && Files.isRegularFile(f)) {
                    Files.delete(f);
                }
            }
            StringBuilder text = new StringBuilder(written.size() * 120);
            for (Map.Entry<String, String> e : new TreeMap<>(written).entrySet()) {
                text.append(e.getKey());
                if (!e.getValue().isEmpty()) {
                    text.append('\t').append(e.getValue());
                }
                text.append('\n');
            }
            replace(manifest, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DashboardException("cannot update " + manifest + ": " + e.getMessage(), e);
        }
    }
}
