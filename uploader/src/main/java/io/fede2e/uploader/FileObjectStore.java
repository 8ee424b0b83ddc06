package io.fede2e.uploader;

import io.fede2e.layout.LayoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

/**
 * The {@code file:///dir} store: each object is a file at its natural path under the directory,
 * so a person can browse it; its generation and metadata live in an extended attribute
 * ({@code user.fede2e.meta}) of that file or, on file systems without them, in a hidden sidecar
 * {@code .fede2e.<file>.meta} beside it.
 *
 * <p>A write puts the data in a temporary file in the target's directory, then, holding the
 * name's lock (see {@link FileStoreLock}, exclusive across threads and processes), checks the
 * precondition and renames data and sidecar into place with ATOMIC_MOVE. Readers take no lock:
 * they see the old or the new file, never a part. The sidecar records the data file's identity
 * (inode and size), so a sidecar that does not belong to the file beside it (a crash between the
 * two renames, a file copied in by hand) is noticed, and the generation is then derived from the
 * file's modification time, never going backwards.
 *
 * <p>Not fsync'd: like {@code cp}, a write survives a process crash, not a power cut.
 */
final class FileObjectStore implements ObjectStore {

    /** Names beginning a segment with this are the store's own files, hidden from listings. */
    static final String RESERVED = ".fede2e";
    private static final String META_SUFFIX = ".meta";

    private final Path dir;
    private final String rootUri;
    private final Clock clock;
    private final FileStoreLock lock;
    private final Set<Path> knownDirs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Metadata in an extended attribute of the data file itself, else in a sidecar. */
    private final boolean xattrs;

    private FileObjectStore(Path dir, Clock clock, boolean xattrs) {
        this.dir = dir;
        this.clock = clock;
        this.xattrs = xattrs;
        String uri = dir.toUri().toString();
        this.rootUri = uri.endsWith("/") && uri.length() > "file:///".length() ? uri.substring(0, uri.length() - 1) : uri;
        this.lock = FileStoreLock.acquire(dir);
        knownDirs.add(dir);
    }

    /** Opens (and creates, when missing) the store in {@code dir}. */
    static FileObjectStore open(Path dir, Clock clock) {
        return open(dir, clock, true);
    }

    /**
     * Opens the store in {@code dir}, keeping metadata in extended attributes when
     * {@code preferXattrs} and the file system has them (one syscall per write instead of a
     * second file and rename), else in sidecar files.
     */
    static FileObjectStore open(Path dir, Clock clock, boolean preferXattrs) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
            Path real = abs.toRealPath();
            return new FileObjectStore(real, clock, preferXattrs && XattrMeta.supported(real));
        } catch (FileAlreadyExistsException e) {
            throw new ObjectStoreException("cannot use " + abs + " as a file:// store: it is not a directory;"
                    + " pick a directory (it is created when missing)", false, e);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot use " + abs + " as a file:// store: " + e
                    + "; check the path and its permissions", false, e);
        }
    }

    @Override
    public String root() {
        return rootUri;
    }

    /** Whether metadata lives in extended attributes (else in sidecar files). */
    boolean usesXattrs() {
        return xattrs;
    }

    @Override
    public Optional<ObjectInfo> stat(String name) {
        checkName(name);
        try {
            return Optional.ofNullable(statFile(name));
        } catch (IOException e) {
            throw failure("stat", name, e);
        }
    }

    @Override
    public byte[] read(String name) {
        checkName(name);
        Path file = dir.resolve(name);
        try {
            refuseLinkedDirectories(name, file);
            for (int attempt = 0; ; attempt++) {
                ObjectInfo info = statFile(name);
                if (info == null) {
                    throw new NoSuchObjectException("no object " + name + " in " + rootUri);
                }
                byte[] data = Files.readAllBytes(file);
                ObjectInfo after = statFile(name);
                // A write between the two stats may have changed the encoding: read again.
                if (attempt < 5 && (after == null || after.generation() != info.generation())) {
                    continue;
                }
                return "gzip".equals(info.contentEncoding()) ? gunzip(data) : data;
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException("no object " + name + " in " + rootUri);
        } catch (IOException e) {
            throw failure("read", name, e);
        }
    }

    @Override
    public InputStream stream(String name) {
        checkName(name);
        Path file = dir.resolve(name);
        try {
            refuseLinkedDirectories(name, file);
            for (int attempt = 0; ; attempt++) {
                ObjectInfo info = statFile(name);
                if (info == null) {
                    throw new NoSuchObjectException("no object " + name + " in " + rootUri);
                }
                // NOFOLLOW_LINKS: a file symlink swapped in after the stat is not followed either
                InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                ObjectInfo after = statFile(name);
                // The open stream holds the file it opened; unchanged generations around the
                // open mean it is the generation whose encoding was read.
                if (attempt < 5 && (after == null || after.generation() != info.generation())) {
                    in.close();
                    continue;
                }
                return "gzip".equals(info.contentEncoding()) ? GzipMagic.decode(in) : in;
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException("no object " + name + " in " + rootUri);
        } catch (IOException e) {
            throw failure("read", name, e);
        }
    }

    /**
     * Refuses a name reached through a symbolic link to a directory: the store refuses file
     * symlinks, and a linked directory would let a bucket's content read any directory of the
     * machine ({@code logs/job -> /}).
     */
    private void refuseLinkedDirectories(String name, Path file) throws IOException {
        Path parent = file.getParent();
        Path real;
        try {
            real = parent.toRealPath();
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException("no object " + name + " in " + rootUri);
        }
        if (!real.equals(parent)) {
            throw new ObjectStoreException("cannot read " + LayoutException.printable(name) + " in " + rootUri
                    + ": a directory on its path is a symbolic link, which the file:// store does not follow;"
                    + " replace the link with a copy of the directory", false, null);
        }
    }

    static byte[] gunzip(byte[] data) throws IOException {
        if (data.length < 2 || (data[0] & 0xff) != 0x1f || (data[1] & 0xff) != 0x8b) {
            return data;
        }
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data), 8192)) {
            return in.readAllBytes();
        }
    }

    @Override
    public ObjectInfo write(String name, byte[] data, WriteOptions options) {
        return writeFrom(name, options, (tmp, md5) -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                out.write(data);
            }
            md5[0] = Md5.of(data);
            return data.length;
        });
    }

    @Override
    public ObjectInfo write(String name, Path source, WriteOptions options) {
        return writeFrom(name, options, (tmp, md5) -> {
            try (java.security.DigestInputStream in = Md5.digesting(Files.newInputStream(source))) {
                long n = Files.copy(in, tmp);
                md5[0] = Md5.encode(in.getMessageDigest());
                return n;
            }
        });
    }

    /** Fills the temporary file, puts the MD5 of what it wrote into {@code md5[0]} and returns its size. */
    private interface Filler {
        long fill(Path tmp, String[] md5) throws IOException;
    }

    private ObjectInfo writeFrom(String name, WriteOptions options, Filler filler) {
        checkName(name);
        ensureOpen();
        Path file = dir.resolve(name);
        Path parent = file.getParent();
        Path tmp = null;
        Path metaTmp = null;
        try {
            long[] size = new long[1];
            String[] md5 = new String[1];
            tmp = fillTemp(parent, name, filler, size, md5);
            // The sidecar names the data file's inode; an extended attribute is on it already.
            String identity = xattrs ? "" : identity(Files.readAttributes(tmp, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS));
            try (FileStoreLock.Held held = lock.lock(name)) {
                ObjectInfo current = statFile(name);
                checkPrecondition(name, current, options.ifGenerationMatch());
                long generation = nextGeneration(current);
                ObjectInfo info = new ObjectInfo(name, generation, size[0], options.contentType(),
                        options.contentEncoding(), options.cacheControl(), md5[0]);
                if (current == null && file.toFile().isDirectory()) {
                    throw new ObjectStoreException("cannot write " + name + " in " + rootUri + ": objects are stored"
                            + " under " + name + "/ and a file:// store cannot hold both; pick another name");
                }
                Meta meta = Meta.of(info, identity);
                if (xattrs) {
                    // The metadata rides on the data file's inode: one rename publishes both.
                    XattrMeta.write(tmp, meta.encode());
                    move(tmp, file);
                    tmp = null;
                } else {
                    metaTmp = temp(parent);
                    Files.write(metaTmp, meta.encode(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    move(tmp, file);
                    tmp = null;
                    move(metaTmp, metaPath(file));
                    metaTmp = null;
                }
                return info;
            }
        } catch (IOException e) {
            throw failure("write", name, e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(metaTmp);
        }
    }

    private Path fillTemp(Path parent, String name, Filler filler, long[] size, String[] md5) throws IOException {
        ensureDirectory(parent, name);
        Path tmp = temp(parent);
        try {
            size[0] = filler.fill(tmp, md5);
        } catch (NoSuchFileException e) {
            if (!e.getFile().equals(tmp.toString())) {
                throw e;
            }
            // Someone removed the directory since it was cached: make it again, once.
            knownDirs.remove(parent);
            ensureDirectory(parent, name);
            size[0] = filler.fill(tmp, md5);
        }
        return tmp;
    }

    private void ensureDirectory(Path parent, String name) throws IOException {
        if (knownDirs.contains(parent)) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new ObjectStoreException("cannot write " + name + " in " + rootUri + ": a part of its path is an"
                    + " object, and a file:// store cannot hold an object and objects under it; pick another name",
                    false, e);
        }
        knownDirs.add(parent);
    }

    private static Path temp(Path parent) {
        return parent.resolve(RESERVED + ".tmp." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ObjectStoreException("cannot rename " + from + " to " + to + " atomically: put the file://"
                    + " store on a local file system", false, e);
        }
    }

    private static void checkPrecondition(String name, ObjectInfo current, Long ifGenerationMatch) {
        if (ifGenerationMatch == null) {
            return;
        }
        if (ifGenerationMatch == 0 && current != null) {
            throw new PreconditionFailedException(name + " already exists (generation " + current.generation()
                    + ") and the write required it to be absent");
        }
        if (ifGenerationMatch > 0 && (current == null || current.generation() != ifGenerationMatch)) {
            throw new PreconditionFailedException(name + " is at " + (current == null ? "no generation (absent)"
                    : "generation " + current.generation()) + ", not " + ifGenerationMatch + " as the write required");
        }
    }

    /** Microseconds since the epoch, like GCS, but always past the previous generation. */
    private long nextGeneration(ObjectInfo current) {
        long now = micros(clock.instant());
        return current == null ? Math.max(1, now) : Math.max(now, current.generation() + 1);
    }

    private static long micros(Instant t) {
        return Math.max(1, t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
    }

    @Override
    public Listing list(String prefix, String delimiter) {
        String p = ObjectNames.checkPrefix(prefix);
        String delim = delimiter == null ? "" : delimiter;
        int slash = p.lastIndexOf('/');
        String base = slash < 0 ? "" : p.substring(0, slash + 1);
        Path baseDir = base.isEmpty() ? dir : dir.resolve(base);
        List<ObjectInfo> objects = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        try {
            if (!Files.isDirectory(baseDir, LinkOption.NOFOLLOW_LINKS)) {
                return new Listing(List.of(), List.of());
            }
            if (delim.equals("/")) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(baseDir)) {
                    for (Path entry : entries) {
                        String fileName = entry.getFileName().toString();
                        String full = base + fileName;
                        if (fileName.startsWith(RESERVED) || !full.startsWith(p)) {
                            continue;
                        }
                        BasicFileAttributes a = attributes(entry);
                        if (a == null) {
                            continue;
                        }
                        if (a.isDirectory()) {
                            if (holdsObjects(entry)) {
                                prefixes.add(full + "/");
                            }
                        } else if (a.isRegularFile()) {
                            addObject(objects, full);
                        }
                    }
                }
            } else {
                List<Path> files = new ArrayList<>();
                walkFiles(baseDir, files::add);
                for (Path file : files) {
                    String full = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    if (!full.startsWith(p) || isReservedPath(full)) {
                        continue;
                    }
                    if (!delim.isEmpty()) {
                        int at = full.indexOf(delim, p.length());
                        if (at >= 0) {
                            prefixes.add(full.substring(0, at + delim.length()));
                            continue;
                        }
                    }
                    addObject(objects, full);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ObjectStoreException("cannot list " + p + " in " + rootUri + ": " + e.getMessage(),
                    false, e);
        }
        objects.sort(Comparator.comparing(ObjectInfo::name));
        return new Listing(objects, List.copyOf(prefixes));
    }

    private void addObject(List<ObjectInfo> objects, String full) throws IOException {
        ObjectInfo info = statFile(full);
        if (info != null) {
            objects.add(info);
        }
    }

    private static boolean isReservedPath(String full) {
        for (String segment : full.split("/")) {
            if (segment.startsWith(RESERVED)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code directory} holds an object, so that it is a prefix in GCS' sense. */
    private static boolean holdsObjects(Path directory) throws IOException {
        AtomicBoolean found = new AtomicBoolean();
        walkFiles(directory, f -> {
            found.set(!isReservedPath(directory.relativize(f).toString()));
            return !found.get();
        });
        return found.get();
    }

    /**
     * Visits the regular files under {@code start} (links not followed) until {@code visit}
     * returns false. An entry that disappears while it is walked is passed over: a writer's
     * temporary file renamed into place between the directory's read and its stat is not an
     * error of the listing ({@code Files.walk} failed the whole listing on it).
     */
    private static void walkFiles(Path start, java.util.function.Predicate<Path> visit) throws IOException {
        Files.walkFileTree(start, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                return a.isRegularFile() && !visit.test(file) ? java.nio.file.FileVisitResult.TERMINATE
                        : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public boolean delete(String name) {
        checkName(name);
        ensureOpen();
        Path file = dir.resolve(name);
        try (FileStoreLock.Held held = lock.lock(name)) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.deleteIfExists(file);
            if (!xattrs) {
                Files.deleteIfExists(metaPath(file));
            }
            return true;
        } catch (IOException e) {
            throw failure("delete", name, e);
        }
    }

    @Override
    public String browseUrl(String name) {
        checkName(name);
        return dir.resolve(name).toUri().toString();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lock.release();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ObjectStoreException("the file:// store " + rootUri + " is closed");
        }
    }

    private static void checkName(String name) {
        ObjectNames.check(name);
        if (isReservedPath(name)) {
            throw new ObjectStoreException("object name '" + LayoutException.printable(name) + "' is invalid"
                    + " (segments beginning with '" + RESERVED + "' are the file:// store's own files): rename it");
        }
    }

    private ObjectInfo statFile(String name) throws IOException {
        Path file = dir.resolve(name);
        // java.io answers "absent" without an exception: new objects are the common case of a write.
        if (!file.toFile().isFile()) {
            return null;
        }
        BasicFileAttributes a = attributes(file);
        if (a == null || !a.isRegularFile()) {
            return null;
        }
        Meta meta;
        try {
            meta = xattrs ? Meta.decode(XattrMeta.read(file)) : Meta.read(metaPath(file));
        } catch (NoSuchFileException e) {
            return null;
        }
        if (meta != null && (xattrs || meta.identity.equals(identity(a))) && meta.info.size() == a.size()) {
            return new ObjectInfo(name, meta.info.generation(), a.size(), meta.info.contentType(),
                    meta.info.contentEncoding(), meta.info.cacheControl(), meta.info.md5());
        }
        // No sidecar of this file: derive a generation that only moves forward.
        long derived = micros(a.lastModifiedTime().toInstant());
        if (meta != null) {
            derived = Math.max(derived, meta.info.generation() + 1);
        }
        return new ObjectInfo(name, derived, a.size(), "", "", "");
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        }
    }

    private static String identity(BasicFileAttributes a) {
        Object key = a.fileKey();
        return key != null ? key.toString() : "mtime=" + a.lastModifiedTime().toMillis();
    }

    private static Path metaPath(Path file) {
        return file.resolveSibling(RESERVED + "." + file.getFileName() + META_SUFFIX);
    }

    private ObjectStoreException failure(String op, String name, IOException e) {
        return new ObjectStoreException("cannot " + op + " " + name + " in " + rootUri + ": " + e
                + "; check the directory's permissions and free space", false, e);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // A leftover temporary file is hidden from listings and harmless.
            }
        }
    }

    /** The sidecar: one {@code key=value} per line, values free of control characters. */
    private record Meta(ObjectInfo info, String identity) {

        static Meta of(ObjectInfo info, String identity) {
            return new Meta(info, identity);
        }

        byte[] encode() {
            String text = "generation=" + info.generation() + "\n"
                    + "size=" + info.size() + "\n"
                    + "identity=" + identity + "\n"
                    + "contentType=" + info.contentType() + "\n"
                    + "contentEncoding=" + info.contentEncoding() + "\n"
                    + "cacheControl=" + info.cacheControl() + "\n"
                    + "md5=" + info.md5() + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        }

        static Meta read(Path path) throws IOException {
            try {
                return decode(Files.readAllBytes(path));
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        static Meta decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            long generation = -1;
            long size = -1;
            String identity = "";
            String type = "";
            String encoding = "";
            String cache = "";
            String md5 = "";
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String value = line.substring(eq + 1);
                try {
                    switch (line.substring(0, eq)) {
                        case "generation" -> generation = Long.parseLong(value);
                        case "size" -> size = Long.parseLong(value);
                        case "identity" -> identity = value;
                        case "contentType" -> type = value;
                        case "contentEncoding" -> encoding = value;
                        case "cacheControl" -> cache = value;
                        case "md5" -> md5 = value;
                        default -> {
                            // Written by a newer version: ignore.
                        }
                    }
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (generation <= 0 || size < 0) {
                return null;
            }
            return new Meta(new ObjectInfo("", generation, size, type, encoding, cache, md5), identity);
        }
    }
}
