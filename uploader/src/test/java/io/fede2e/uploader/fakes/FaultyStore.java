package io.fede2e.uploader.fakes;

import io.fede2e.uploader.Listing;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import io.fede2e.uploader.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An {@link ObjectStore} that injects faults into the writes of another: transient failures on
 * the first attempts of each object, permanent failures on chosen objects, a crash (an
 * {@link Error}, as when the process is killed) after some writes, and a hook before each write
 * to interleave concurrent uploaders deterministically.
 */
public final class FaultyStore implements ObjectStore {

    /** Thrown to simulate the process dying midway. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash(String message) {
            super(message);
        }
    }

    private final ObjectStore delegate;
    private volatile int transientFirstAttempts;
    private volatile boolean transientAfterLanding;
    private volatile Predicate<String> permanent = name -> false;
    private volatile int crashAfterWrites = -1;
    private volatile Consumer<String> beforeWrite = name -> { };
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final List<String> written = new CopyOnWriteArrayList<>();

    public FaultyStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** The first {@code n} write attempts of every object fail with a transient error. */
    public FaultyStore failFirstAttempts(int n) {
        this.transientFirstAttempts = n;
        return this;
    }

    /**
     * Transient failures happen after the write landed (a timeout on the response), so the retry
     * meets the object already there.
     */
    public FaultyStore failAfterLanding() {
        this.transientAfterLanding = true;
        return this;
    }

    /** Writes of names matching {@code names} fail for good (like a 403). */
    public FaultyStore failPermanently(Predicate<String> names) {
        this.permanent = names;
        return this;
    }

    /** After {@code k} writes were let through, every further write throws {@link SimulatedCrash}. */
    public FaultyStore crashAfter(int k) {
        this.crashAfterWrites = k;
        return this;
    }

    /** Runs {@code hook} with the object name before each write attempt reaches the store. */
    public FaultyStore beforeWrite(Consumer<String> hook) {
        this.beforeWrite = hook;
        return this;
    }

    /** Write attempts per object name, failed ones included. */
    public int attempts(String name) {
        AtomicInteger n = attempts.get(name);
        return n == null ? 0 : n.get();
    }

    /** The names of successful writes, in order, repeats included. */
    public List<String> written() {
        return List.copyOf(written);
    }

    @Override
    public ObjectInfo write(String name, byte[] data, WriteOptions options) {
        int attempt = before(name);
        if (attempt <= transientFirstAttempts && !transientAfterLanding) {
            throw new ObjectStoreException("injected 503 on " + name + " (attempt " + attempt + ")", true, null);
        }
        ObjectInfo info = delegate.write(name, data, options);
        return after(name, attempt, info);
    }

    @Override
    public ObjectInfo write(String name, Path source, WriteOptions options) {
        try {
            return write(name, Files.readAllBytes(source), options);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int before(String name) {
        beforeWrite.accept(name);
        int attempt = attempts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        if (permanent.test(name)) {
            throw new ObjectStoreException("injected 403 on " + name, false, null);
        }
        int crash = crashAfterWrites;
        // Counted on entry, so that parallel writers cannot slip past the limit together.
        if (crash >= 0 && admitted.incrementAndGet() > crash) {
            throw new SimulatedCrash("killed before writing " + name);
        }
        return attempt;
    }

    private ObjectInfo after(String name, int attempt, ObjectInfo info) {
        written.add(name);
        if (attempt <= transientFirstAttempts && transientAfterLanding) {
            throw new ObjectStoreException("injected timeout after writing " + name, true, null);
        }
        return info;
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
    public Listing list(String prefix, String delimiter) {
        return delegate.list(prefix, delimiter);
    }

    @Override
    public boolean delete(String name) {
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
