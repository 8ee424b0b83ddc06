package io.fede2e.uploader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A bucket of objects with GCS semantics: every write makes a new generation, writes can carry
 * preconditions, listing takes a prefix and a delimiter. Two backends: {@code gs://bucket/prefix}
 * (Google Cloud Storage) and {@code file:///dir} (the embedded default, safe with several
 * processes writing at once).
 *
 * <p>Names are relative to the root, '/'-separated, without a leading '/', and never contain
 * {@code ..} segments, backslashes or control characters.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Opens {@code root} ({@code gs://bucket[/prefix]} or {@code file:///dir}; a plain path or
     * {@code file://./relative} means a local directory) with default options: Application
     * Default Credentials, STORAGE_EMULATOR_HOST honoured.
     *
     * @throws ObjectStoreException with a one-line reason when the root is malformed or, for
     *     gs://, no credentials are found (the message says how to authenticate)
     */
    static ObjectStore open(String root) {
        return open(root, StoreOptions.defaults());
    }

    /** Opens {@code root} with {@code options} (e.g. a service-account key file). */
    static ObjectStore open(String root, StoreOptions options) {
        return ObjectStores.open(root, options);
    }

    /** The root as a normalized URI, e.g. {@code gs://bucket/prefix} or {@code file:///abs/dir}. */
    String root();

    /** The object's metadata, or empty when it does not exist. */
    Optional<ObjectInfo> stat(String name);

    /**
     * The object's content, decoded: an object stored with {@code Content-Encoding: gzip} is
     * returned uncompressed.
     *
     * @throws NoSuchObjectException when it does not exist
     */
    byte[] read(String name);

    /**
     * Opens the object's content as a stream, decoded like {@link #read(String)}, so that a reader
     * can stop at a bound of its own: the listed size is the stored size, and gzip content can
     * inflate a thousandfold. The caller closes the stream; a failure while reading surfaces as
     * an {@link IOException} from the stream.
     *
     * <p>The default reads the whole object first; the gs:// and file:// stores stream.
     *
     * @throws NoSuchObjectException when it does not exist
     */
    default InputStream stream(String name) {
        return new ByteArrayInputStream(read(name));
    }

    /**
     * The object's content, decoded, holding at most {@code maxBytes} of it.
     *
     * @throws ObjectTooLargeException when the decoded content is longer than {@code maxBytes}
     * @throws NoSuchObjectException when it does not exist
     */
    default byte[] read(String name, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        try (InputStream in = stream(name)) {
            return BoundedReads.readAll(in, maxBytes, name, root());
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + name + " in " + root() + ": " + e.getMessage(), false, e);
        }
    }

    /**
     * Whether the store reads without credentials: a gs:// store opened with
     * {@link StoreOptions#anonymousWhenNoCredentials()} where none were found. Public buckets
     * answer; private ones refuse every call.
     */
    default boolean anonymous() {
        return false;
    }

    /**
     * Writes {@code data} as the object's new generation, atomically: readers see the old or
     * the new content, never a part.
     *
     * @throws PreconditionFailedException when {@link WriteOptions#ifGenerationMatch()} does not hold
     */
    ObjectInfo write(String name, byte[] data, WriteOptions options);

    /**
     * Writes the content of the local file {@code source} like {@link #write(String, byte[], WriteOptions)},
     * streaming it where the backend can, so that large files need not fit in memory.
     *
     * @throws PreconditionFailedException when {@link WriteOptions#ifGenerationMatch()} does not hold
     */
    default ObjectInfo write(String name, java.nio.file.Path source, WriteOptions options) {
        byte[] data;
        try {
            data = java.nio.file.Files.readAllBytes(source);
        } catch (java.io.IOException e) {
            throw new ObjectStoreException("cannot read " + source + " to write " + name + ": " + e.getMessage(),
                    false, e);
        }
        return write(name, data, options);
    }

    /**
     * The objects directly under {@code prefix} and, when {@code delimiter} is not empty, the
     * common prefixes ("directories") one level down; both sorted by name.
     */
    Listing list(String prefix, String delimiter);

    /** Deletes the object if it exists; returns whether it did. */
    boolean delete(String name);

    /**
     * A link a person can open for the object: {@code https://storage.googleapis.com/...}
     * for gs://, {@code file:///...} for file://.
     */
    String browseUrl(String name);

    @Override
    default void close() {
    }
}
