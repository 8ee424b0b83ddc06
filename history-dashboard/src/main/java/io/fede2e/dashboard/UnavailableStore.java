package io.fede2e.dashboard;

import io.fede2e.uploader.Listing;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import io.fede2e.uploader.WriteOptions;
import java.util.Optional;

/**
 * A source that could not be opened: every call fails with the reason, so the collector shows
 * it like a source that cannot be listed, from the cache, while the other sources are built.
 */
final class UnavailableStore implements ObjectStore {

    private final String root;
    private final String reason;

    UnavailableStore(String root, String reason) {
        // the roots the stores give are without a trailing '/': the cache is keyed by them
        String r = root.strip();
        while (r.endsWith("/") && !r.endsWith("://")) {
            r = r.substring(0, r.length() - 1);
        }
        this.root = r;
        this.reason = reason;
    }

    private ObjectStoreException failure() {
        return new ObjectStoreException(reason);
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public Optional<ObjectInfo> stat(String name) {
        throw failure();
    }

    @Override
    public byte[] read(String name) {
        throw failure();
    }

    @Override
    public ObjectInfo write(String name, byte[] data, WriteOptions options) {
        throw failure();
    }

    @Override
    public Listing list(String prefix, String delimiter) {
        throw failure();
    }

    @Override
    public boolean delete(String name) {
        throw failure();
    }

    @Override
    public String browseUrl(String name) {
        throw failure();
    }
}
