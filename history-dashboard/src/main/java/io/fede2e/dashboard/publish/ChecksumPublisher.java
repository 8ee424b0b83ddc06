package io.fede2e.dashboard.publish;

import io.fede2e.dashboard.DashboardException;
import io.fede2e.uploader.ContentTypes;
import io.fede2e.uploader.NoSuchObjectException;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import io.fede2e.uploader.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The {@link SitePublisher}: one listing, then only the changed files, in an order that keeps the site whole. */
final class ChecksumPublisher implements SitePublisher {

    private static final String INDEX = "index.html";
    /** Assets and data come before the pages that use them; index.html, the entry point, last of all. */
    private static final Comparator<String> ORDER = Comparator.comparingInt(ChecksumPublisher::rank)
            .thenComparing(Comparator.naturalOrder());

    private final ObjectStore store;

    ChecksumPublisher(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    private static int rank(String name) {
        if (name.equals(INDEX)) {
            return 2;
        }
        return name.endsWith(".html") ? 1 : 0;
    }

    @Override
    public PublishReport publish(Path siteDir) {
        Path dir = siteDir.toAbsolutePath().normalize();
        TreeMap<String, Path> files = siteFiles(dir);
        if (!files.containsKey(INDEX)) {
            throw new DashboardException("cannot publish " + dir + ": it has no index.html; build the site first"
                    + " (fede2e dashboard --out DIR)");
        }
        Map<String, ObjectInfo> current = new HashMap<>();
        try {
            for (ObjectInfo info : store.list("", "").objects()) {
                current.put(info.name(), info);
            }
        } catch (ObjectStoreException e) {
            throw new DashboardException("cannot list " + store.root() + " to publish the site: " + e.getMessage(), e);
        }
        List<String> order = new ArrayList<>(files.keySet());
        order.sort(ORDER);
        List<String> uploaded = new ArrayList<>();
        for (String name : order) {
            byte[] data = read(files.get(name));
            WriteOptions options = WriteOptions.of(ContentTypes.of(name)).withCacheControl(CachePolicy.of(name));
            ObjectInfo there = current.get(name);
            if (there != null && unchanged(there, data, options)) {
                continue;
            }
            write(name, data, options, uploaded.size(), order.size());
            uploaded.add(name);
        }
        Set<String> previous = previousPublication();
        Set<String> stale = new TreeSet<>(previous);
        stale.removeAll(files.keySet());
        // The list names the old files too until they are gone: a publication that stops while
        // deleting leaves them for the next one to delete.
        Set<String> listed = new TreeSet<>(files.keySet());
        listed.addAll(stale);
        if (!listed.equals(previous)) {
            writeList(listed, uploaded.size(), order.size());
        }
        List<String> deleted = new ArrayList<>();
        for (String name : stale) {
            try {
                if (store.delete(name)) {
                    deleted.add(name);
                }
            } catch (ObjectStoreException e) {
                throw new DashboardException("published the new site to " + store.root() + " but could not delete"
                        + " the old " + name + ": " + e.getMessage() + "; the next publication deletes it", e);
            }
        }
        if (!stale.isEmpty()) {
            writeList(files.keySet(), uploaded.size(), order.size());
        }
        return new PublishReport(store.root(), files.size(), uploaded, deleted);
    }

    private static boolean unchanged(ObjectInfo there, byte[] data, WriteOptions options) {
        return !there.md5().isEmpty() && there.contentEncoding().isEmpty()
                && there.md5().equals(ObjectInfo.md5Of(data))
                && there.contentType().equals(options.contentType())
                && there.cacheControl().equals(options.cacheControl());
    }

    private void write(String name, byte[] data, WriteOptions options, int done, int total) {
        try {
            store.write(name, data, options);
        } catch (ObjectStoreException e) {
            throw new DashboardException("publishing to " + store.root() + " stopped at " + name + " (" + done
                    + " changed files written before it, nothing deleted, index.html not replaced: the previous site"
                    + " is whole): " + e.getMessage() + "; run the publication again", e);
        }
    }

    private Set<String> previousPublication() {
        try {
            String text = new String(store.read(PUBLISHED), StandardCharsets.UTF_8);
            Set<String> names = new TreeSet<>();
            for (String line : text.split("\n")) {
                // Only names a publication could have written: never delete outside the site.
                if (!line.isBlank() && !line.equals(PUBLISHED) && !line.startsWith("/") && !line.contains("..")) {
                    names.add(line.strip());
                }
            }
            return names;
        } catch (NoSuchObjectException e) {
            return Set.of();
        } catch (ObjectStoreException e) {
            throw new DashboardException("cannot read " + PUBLISHED + " in " + store.root() + ": " + e.getMessage()
                    + "; the new site was published, nothing was deleted", e);
        }
    }

    private void writeList(Set<String> names, int uploaded, int total) {
        String text = String.join("\n", names) + "\n";
        try {
            store.write(PUBLISHED, text.getBytes(StandardCharsets.UTF_8),
                    WriteOptions.of(ContentTypes.of(PUBLISHED)).withCacheControl("no-cache"));
        } catch (ObjectStoreException e) {
            throw new DashboardException("published the new site to " + store.root() + " (" + uploaded + " of "
                    + total + " files changed) but could not write " + PUBLISHED + ": " + e.getMessage()
                    + "; nothing was deleted, run the publication again", e);
        }
    }

    private static TreeMap<String, Path> siteFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DashboardException("cannot publish " + dir + ": it is not a directory; build the site first");
        }
        TreeMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                String name = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (!hidden(name)) {
                    files.put(name, p);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DashboardException("cannot read the site in " + dir + ": " + e.getMessage(), e);
        }
        files.remove(PUBLISHED);
        return files;
    }

    private static boolean hidden(String name) {
        for (String segment : name.split("/")) {
            if (segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DashboardException("cannot read " + file + " to publish it: " + e.getMessage()
                    + "; nothing more was written, the previous site is whole", e);
        }
    }
}
