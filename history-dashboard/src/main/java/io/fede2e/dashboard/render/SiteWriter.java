package io.fede2e.dashboard.render;

import io.fede2e.dashboard.DashboardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the site's files under the output directory and remembers them in a manifest, so that a
 * later run removes pages that left the window and nothing else of the directory.
 */
public final class SiteWriter {

    /** The manifest of files a run wrote, relative to the output directory. */
    public static final String MANIFEST = ".fede2e-site";

    private final Path root;
    private final Set<String> written = java.util.Collections.synchronizedSet(new TreeSet<>());
    private final AtomicLong unchanged = new AtomicLong();

    public SiteWriter(Path root) {
        this.root = root.toAbsolutePath().normalize();
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
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("refusing to write outside the site: " + relative);
        }
        written.add(relative);
        try {
            if (Files.size(file) == bytes.length && Arrays.equals(Files.readAllBytes(file), bytes)) {
                unchanged.incrementAndGet();
                return;
            }
        } catch (NoSuchFileException e) {
            // new file
        } catch (IOException e) {
            // unreadable: rewrite it
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new DashboardException("cannot write " + file + ": " + e.getMessage()
                    + " (check that --out is a writable directory)", e);
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
            if (Files.exists(manifest)) {
                for (String old : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                    if (old.isBlank() || written.contains(old)) {
                        continue;
                    }
                    Path f = root.resolve(old).normalize();
                    if (f.startsWith(root) && !f.equals(root) && Files.isRegularFile(f)) {
                        Files.delete(f);
                    }
                }
            }
            List<String> names = List.copyOf(new TreeSet<>(written));
            Files.write(manifest, (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DashboardException("cannot update " + manifest + ": " + e.getMessage(), e);
        }
    }
}
