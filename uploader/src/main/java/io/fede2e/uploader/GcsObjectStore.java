package io.fede2e.uploader;

import com.google.cloud.BaseServiceException;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code gs://bucket/prefix} store, through google-cloud-storage. Object names are relative to
 * the prefix; GCS errors become {@link ObjectStoreException}s (412 {@link PreconditionFailedException},
 * 404 {@link NoSuchObjectException}, 408/429/5xx and I/O transient).
 */
final class GcsObjectStore implements ObjectStore {

    private final Storage storage;
    /** For writes and deletes: the client's own retries are off there (see {@link #open}). */
    private final Storage writes;
    private final String bucket;
    private final String prefix;
    private final String emulatorHost;
    private final boolean anonymous;

    /** A store over {@code storage}; {@code prefix} is empty or has no leading or trailing '/'. */
    GcsObjectStore(Storage storage, String bucket, String prefix, String emulatorHost) {
        this(storage, storage, bucket, prefix, emulatorHost, false);
    }

    GcsObjectStore(Storage storage, String bucket, String prefix, String emulatorHost, boolean anonymous) {
        this(storage, storage, bucket, prefix, emulatorHost, anonymous);
    }

    /** A store that reads through {@code reads} and writes through {@code writes}. */
    GcsObjectStore(Storage reads, Storage writes, String bucket, String prefix, String emulatorHost,
                   boolean anonymous) {
        this.anonymous = anonymous;
        this.storage = reads;
        this.writes = writes;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
        this.emulatorHost = emulatorHost;
    }

    /**
     * Opens the bucket with two clients. Reads keep the client's retries (the dashboard has no
     * other). Writes have them off: the client retries a conditional create whose response was
     * lost, and the retry's 412 then looks like "the build already exists"; its 6 attempts also
     * stacked under the uploader's 5. The uploader's one retry layer decides, and reads the
     * object back after a 412 that follows a transient failure.
     */
    static GcsObjectStore open(String bucket, String prefix, StoreOptions options, Function<String, String> env,
                               GcsCredentials.AdcSource adc) {
        GcsCredentials.Resolved creds = GcsCredentials.resolve(bucket, options, env, adc);
        StorageOptions.Builder builder = StorageOptions.http().setCredentials(creds.credentials());
        if (creds.emulatorHost() != null) {
            builder.setHost(creds.emulatorHost());
            builder.setProjectId(orElse(env.apply("GOOGLE_CLOUD_PROJECT"), "fede2e-emulator"));
        }
        try {
            Storage reads = builder.build().getService();
            Storage writes = builder.setRetrySettings(ServiceOptions.getNoRetrySettings()).build().getService();
            return new GcsObjectStore(reads, writes, bucket, prefix, creds.emulatorHost(), creds.anonymous());
        } catch (RuntimeException e) {
            throw new ObjectStoreException("cannot reach gs://" + bucket + " with " + creds.source() + ": "
                    + e.getMessage(), false, e);
        }
    }

    private static String orElse(String value, String dflt) {
        return value == null || value.isBlank() ? dflt : value;
    }

    @Override
    public String root() {
        return "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }

    private BlobId id(String name) {
        return BlobId.of(bucket, prefix + ObjectNames.check(name));
    }

    @Override
    public Optional<ObjectInfo> stat(String name) {
        BlobId id = id(name);
        Blob blob = call("stat", name, () -> storage.get(id));
        return Optional.ofNullable(blob).map(b -> info(name, b));
    }

    private static ObjectInfo info(String name, Blob b) {
        return new ObjectInfo(name, b.getGeneration() == null ? 0 : b.getGeneration(),
                b.getSize() == null ? 0 : b.getSize(), b.getContentType(), b.getContentEncoding(),
                b.getCacheControl(), b.getMd5());
    }

    @Override
    public byte[] read(String name) {
        BlobId id = id(name);
        Blob blob = call("read", name, () -> storage.get(id));
        if (blob == null) {
            throw new NoSuchObjectException("no object " + name + " in " + root());
        }
        Long generation = blob.getGeneration();
        BlobId exact = generation == null ? id : BlobId.of(bucket, id.getName(), generation);
        byte[] data = call("read", name, () -> storage.readAllBytes(exact));
        if (!"gzip".equalsIgnoreCase(blob.getContentEncoding())) {
            return data;
        }
        // The client usually decompresses gzip-encoded objects itself; when it hands over the stored bytes, do it here.
        try {
            return FileObjectStore.gunzip(data);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot decompress " + name + " in " + root() + ": " + e.getMessage(),
                    false, e);
        }
    }

    @Override
    public java.io.InputStream stream(String name) {
        BlobId id = id(name);
        Blob blob = call("read", name, () -> storage.get(id));
        if (blob == null) {
            throw new NoSuchObjectException("no object " + name + " in " + root());
        }
        Long generation = blob.getGeneration();
        BlobId exact = generation == null ? id : BlobId.of(bucket, id.getName(), generation);
        java.io.InputStream in = java.nio.channels.Channels.newInputStream(call("read", name,
                () -> storage.reader(exact)));
        if (!"gzip".equalsIgnoreCase(blob.getContentEncoding())) {
            return in;
        }
        // As in read: the client may or may not have decompressed; the magic bytes say which.
        try {
            return GzipMagic.decode(in);
        } catch (IOException e) {
            closeQuietly(in);
            throw new ObjectStoreException("cannot decompress " + name + " in " + root() + ": " + e.getMessage(),
                    false, e);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }

    @Override
    public boolean anonymous() {
        return anonymous;
    }

    @Override
    public ObjectInfo write(String name, byte[] data, WriteOptions options) {
        BlobInfo info = blobInfo(name, options);
        List<Storage.BlobTargetOption> opts = new ArrayList<>();
        if (options.ifGenerationMatch() != null) {
            opts.add(options.ifGenerationMatch() == 0 ? Storage.BlobTargetOption.doesNotExist()
                    : Storage.BlobTargetOption.generationMatch(options.ifGenerationMatch()));
        }
        Storage.BlobTargetOption[] array = opts.toArray(new Storage.BlobTargetOption[0]);
        Blob blob = call("write", name, () -> writes.create(info, data, array));
        return info(name, blob);
    }

    @Override
    public ObjectInfo write(String name, Path source, WriteOptions options) {
        BlobInfo info = blobInfo(name, options);
        List<Storage.BlobWriteOption> opts = new ArrayList<>();
        if (options.ifGenerationMatch() != null) {
            opts.add(options.ifGenerationMatch() == 0 ? Storage.BlobWriteOption.doesNotExist()
                    : Storage.BlobWriteOption.generationMatch(options.ifGenerationMatch()));
        }
        Storage.BlobWriteOption[] array = opts.toArray(new Storage.BlobWriteOption[0]);
        Blob blob = call("write", name, () -> {
            try {
                return writes.createFrom(info, source, array);
            } catch (IOException e) {
                throw new ObjectStoreException("cannot write " + name + " from " + source + ": " + e.getMessage(),
                        true, e);
            }
        });
        return info(name, blob);
    }

    private BlobInfo blobInfo(String name, WriteOptions options) {
        return BlobInfo.newBuilder(id(name))
                .setContentType(emptyToNull(options.contentType()))
                .setContentEncoding(emptyToNull(options.contentEncoding()))
                .setCacheControl(emptyToNull(options.cacheControl()))
                .build();
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    @Override
    public Listing list(String listPrefix, String delimiter) {
        String p = prefix + ObjectNames.checkPrefix(listPrefix);
        List<Storage.BlobListOption> opts = new ArrayList<>();
        opts.add(Storage.BlobListOption.prefix(p));
        if (delimiter != null && !delimiter.isEmpty()) {
            opts.add(Storage.BlobListOption.delimiter(delimiter));
        }
        Storage.BlobListOption[] array = opts.toArray(new Storage.BlobListOption[0]);
        return call("list", p, () -> {
            List<ObjectInfo> objects = new ArrayList<>();
            TreeSet<String> prefixes = new TreeSet<>();
            for (Blob b : storage.list(bucket, array).iterateAll()) {
                String relative = b.getName().substring(prefix.length());
                if (b.isDirectory()) {
                    prefixes.add(relative);
                } else {
                    objects.add(info(relative, b));
                }
            }
            objects.sort(Comparator.comparing(ObjectInfo::name));
            return new Listing(objects, List.copyOf(prefixes));
        });
    }

    @Override
    public boolean delete(String name) {
        BlobId id = id(name);
        return call("delete", name, () -> writes.delete(id));
    }

    @Override
    public String browseUrl(String name) {
        StringBuilder path = new StringBuilder();
        for (String segment : (prefix + ObjectNames.check(name)).split("/")) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        String host = emulatorHost != null ? emulatorHost.replaceAll("/+$", "") : "https://storage.googleapis.com";
        return host + "/" + bucket + "/" + path;
    }

    @Override
    public void close() {
        for (Storage s : writes == storage ? List.of(storage) : List.of(storage, writes)) {
            try {
                s.close();
            } catch (Exception e) {
                // Nothing to do: the transport is gone either way.
            }
        }
    }

    private <T> T call(String op, String name, Supplier<T> body) {
        try {
            return body.get();
        } catch (BaseServiceException e) {
            throw map(op, name, e);
        }
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private ObjectStoreException map(String op, String name, BaseServiceException e) {
        int code = e.getCode();
        String where = name + " in " + root();
        String reason = e.getMessage() == null || e.getMessage().isBlank()
                ? String.valueOf(e.getCause()) : e.getMessage().lines().findFirst().orElse("");
        if (code == 412) {
            return new PreconditionFailedException(where + ": the " + op + "'s generation precondition failed ("
                    + reason + ")", e);
        }
        if (code == 404) {
            return new NoSuchObjectException("no object " + where + " (or no bucket " + bucket + ")", e);
        }
        boolean transientFailure = code == 408 || code == 429 || code >= 500 || e.isRetryable()
                || (code <= 0 && causedByIo(e));
        if (code == 401 || code == 403) {
            return new ObjectStoreException("cannot " + op + " " + where + ": access denied (" + code + "); give the"
                    + " account Storage Object Admin on the bucket, or " + GcsCredentials.HOW_TO, false, e);
        }
        return new ObjectStoreException("cannot " + op + " " + where + ": " + reason + " (HTTP " + code + ")",
                transientFailure, e);
    }
}
