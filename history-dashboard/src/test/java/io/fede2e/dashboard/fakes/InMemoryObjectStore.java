package io.fede2e.dashboard.fakes;

import io.fede2e.uploader.Listing;
import io.fede2e.uploader.NoSuchObjectException;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import io.fede2e.uploader.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** An ObjectStore in memory with GCS' listing semantics, counting reads and failing on demand. */
public class InMemoryObjectStore implements ObjectStore {

    private final String root;
    private final Map<String, byte[]> data = new TreeMap<>();
    private final Map<String, Long> generations = new TreeMap<>();
    private final Set<String> failing = new HashSet<>();
    private final AtomicInteger reads = new AtomicInteger();
    private long nextGeneration = 1000;

    public InMemoryObjectStore(String root) {
        this.root = root;
    }

    /** Puts a text object. */
    public synchronized InMemoryObjectStore put(String name, String text) {
        return put(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Puts an object with a new generation. */
    public synchronized InMemoryObjectStore put(String name, byte[] bytes) {
        data.put(name, bytes.clone());
        generations.put(name, ++nextGeneration);
        return this;
    }

    /** Makes reads of {@code name} fail as a transient store error would. */
    public synchronized void failReadsOf(String name) {
        failing.add(name);
    }

    /** Reads done so far. */
    public int reads() {
        return reads.get();
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public synchronized Optional<ObjectInfo> stat(String name) {
        byte[] b = data.get(name);
        return b == null ? Optional.empty()
                : Optional.of(new ObjectInfo(name, generations.get(name), b.length, "", "", ""));
    }

    @Override
    public synchronized byte[] read(String name) {
        reads.incrementAndGet();
        if (failing.contains(name)) {
            throw new ObjectStoreException("503 Service Unavailable reading " + name, true, null);
        }
        byte[] b = data.get(name);
        if (b == null) {
            throw new NoSuchObjectException(name + " does not exist in " + root);
        }
        return b.clone();
    }

    @Override
    public synchronized ObjectInfo write(String name, byte[] bytes, WriteOptions options) {
        put(name, bytes);
        return stat(name).orElseThrow();
    }

    @Override
    public synchronized Listing list(String prefix, String delimiter) {
        List<ObjectInfo> objects = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        for (String name : data.keySet()) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            if (!delimiter.isEmpty()) {
                int at = name.indexOf(delimiter, prefix.length());
                if (at >= 0) {
                    prefixes.add(name.substring(0, at + delimiter.length()));
                    continue;
                }
            }
            objects.add(stat(name).orElseThrow());
        }
        return new Listing(objects, List.copyOf(prefixes));
    }

    @Override
    public synchronized boolean delete(String name) {
        generations.remove(name);
        return data.remove(name) != null;
    }

    @Override
    public String browseUrl(String name) {
        return "https://storage.example.test/" + root.substring("gs://".length()) + "/" + name;
    }
}
