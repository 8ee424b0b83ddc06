package io.fede2e.uploader;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write lock of one file:// store, shared by every store on the same directory in this JVM.
 *
 * <p>Writers of a name lock one byte of {@code .fede2e.lock}, chosen by the name's hash: an
 * OS record lock, so other processes are excluded too. Java refuses overlapping locks taken
 * twice in one JVM (and POSIX would merge them), so a JVM-wide {@link ReentrantLock} per byte
 * is taken first; and because closing any channel of the file drops all of the process' locks
 * on it, every store on the directory shares one channel, counted by reference.
 */
final class FileStoreLock {

    static final String FILE_NAME = ".fede2e.lock";
    private static final int STRIPES = 256;
    private static final Map<Path, FileStoreLock> OPEN = new HashMap<>();

    private final Path file;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private FileChannel channel;
    private int references;

    private FileStoreLock(Path file) {
        this.file = file;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The lock of the store in {@code dir} (a real, absolute path); release it with {@link #release()}. */
    static FileStoreLock acquire(Path dir) {
        synchronized (OPEN) {
            FileStoreLock lock = OPEN.computeIfAbsent(dir, d -> new FileStoreLock(d.resolve(FILE_NAME)));
            lock.references++;
            return lock;
        }
    }

    /** Drops this store's reference; the channel closes with the last one. */
    void release() {
        synchronized (OPEN) {
            if (--references == 0) {
                OPEN.remove(file.getParent());
                closeChannel();
            }
        }
    }

    /** A held lock; closing it releases the lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the lock for writes of {@code name}, waiting for other threads and processes. */
    Held lock(String name) {
        int stripe = Math.floorMod(name.hashCode(), STRIPES);
        ReentrantLock local = stripes[stripe];
        local.lock();
        try {
            FileLock osLock = osLock(stripe);
            return () -> {
                try {
                    osLock.release();
                } catch (IOException e) {
                    // The channel is gone, and with it the lock: nothing is left to release.
                } finally {
                    local.unlock();
                }
            };
        } catch (RuntimeException | Error e) {
            local.unlock();
            throw e;
        }
    }

    private FileLock osLock(int stripe) {
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = channel();
            try {
                return ch.lock(stripe, 1, false);
            } catch (ClosedChannelException e) {
                // An interrupt in another thread closes a shared channel: reopen it once.
                if (attempt > 0) {
                    throw new ObjectStoreException("cannot lock " + file + ": the lock file's channel was closed"
                            + " (interrupted?); retry the operation", true, e);
                }
                reopen(ch);
            } catch (IOException e) {
                throw new ObjectStoreException("cannot lock " + file + ": " + e.getMessage()
                        + "; check that the directory is writable and on a file system with locks", false, e);
            }
        }
    }

    private synchronized FileChannel channel() {
        if (channel == null || !channel.isOpen()) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new ObjectStoreException("cannot open the lock file " + file + ": " + e.getMessage()
                        + "; check that the store's directory exists and is writable", false, e);
            }
        }
        return channel;
    }

    private synchronized void reopen(FileChannel closed) {
        if (channel == closed) {
            channel = null;
        }
    }

    private synchronized void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing releases the locks whatever close() reports.
            }
            channel = null;
        }
    }
}
