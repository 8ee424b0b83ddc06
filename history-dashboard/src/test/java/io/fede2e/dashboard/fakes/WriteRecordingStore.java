package io.fede2e.dashboard.fakes;

import io.fede2e.uploader.Listing;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import io.fede2e.uploader.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A store that passes everything to a real one, records the order of writes and deletes, and
 * fails the write of one chosen object, as a network or a full bucket would.
 */
public final class WriteRecordingStore implements ObjectStore {

    private final ObjectStore delegate;
    private final List<String> writes = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();
    private String failWrite;

    public WriteRecordingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** Makes every write of {@code name} fail from now on. */
    public WriteRecordingStore failWriting(String name) {
        this.failWrite = name;
        return this;
    }

    /** The names written, in order. */
    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    /** The names deleted, in order. */
    public synchronized List<String> deletes() {
        return List.copyOf(deletes);
    }

    /** Forgets what was recorded. */
    public synchronized void clear() {
        writes.clear();
        deletes.clear();
    }

    @Override
    public String root() {
        return delegate.root();
    }

    @Override
    public Optional<ObjectInfo> stat(String name) {
        return delegate.stat(name);
    }

    @Override
    public byte[] read(String name) {
        return delegate.read(name);
    }

    @Override
    public synchronized ObjectInfo write(String name, byte[] data, WriteOptions options) {
        if (name.equals(failWrite)) {
            throw new ObjectStoreException("503 Service Unavailable writing " + name);
        }
        writes.add(name);
        return delegate.write(name, data, options);
    }

    @Override
    public Listing list(String prefix, String delimiter) {
        return delegate.list(prefix, delimiter);
    }

    @Override
    public synchronized boolean delete(String name) {
        deletes.add(name);
        return delegate.delete(name);
    }

    @Override
    public String browseUrl(String name) {
        return delegate.browseUrl(name);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
