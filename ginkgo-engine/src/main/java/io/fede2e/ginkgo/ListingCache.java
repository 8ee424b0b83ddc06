package io.fede2e.ginkgo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Listings kept on disk, one file per binary content (path, size, modification time), so a
 * second run of the same e2e.test needs no listing process; beside each, the Ginkgo version
 * found in the binary, so it needs no scan of the file either. Anything unreadable is ignored and
 * the binary listed again: the cache can only save time, never change a result.
 */
final class ListingCache {

    private static final String HEADER = "fede2e ginkgo listing v1";
    private static final String VERSION_HEADER = "fede2e ginkgo version v1";

    private ListingCache() {
    }

    static Optional<SpecListing> read(Path dir, String key) {
        Path file = dir.resolve(name(key));
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 3 || !lines.get(0).equals(HEADER) || !lines.get(1).equals(key)) {
                return Optional.empty();
            }
            List<Spec> specs = new ArrayList<>();
            for (String line : lines.subList(3, lines.size())) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    return Optional.empty();
                }
                specs.add(new Spec(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1))));
            }
            return Optional.of(new SpecListing(unescape(lines.get(2)), specs));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void write(Path dir, String key, SpecListing listing) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append(key).append('\n')
                .append(escape(listing.description())).append('\n');
        for (Spec s : listing.specs()) {
            sb.append(escape(s.name())).append('\t').append(escape(s.location())).append('\n');
        }
        writeAtomically(dir, name(key), sb);
    }

    /** The Ginkgo version recorded for {@code key}, if any and readable. */
    static Optional<GinkgoVersion> readVersion(Path dir, String key) {
        Path file = dir.resolve(name(key, ".version"));
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() != 3 || !lines.get(0).equals(VERSION_HEADER) || !lines.get(1).equals(key)) {
                return Optional.empty();
            }
            return Optional.of(GinkgoVersion.valueOf(lines.get(2)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void writeVersion(Path dir, String key, GinkgoVersion version) {
        writeAtomically(dir, name(key, ".version"), VERSION_HEADER + "\n" + key + "\n" + version.name() + "\n");
    }

    private static void writeAtomically(Path dir, String name, CharSequence text) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "listing", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs the next run a listing.
        }
    }

    private static String name(String key) {
        return name(key, ".listing");
    }

    private static String name(String key, String suffix) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16) + suffix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
