package io.fede2e.dashboard.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * The cache of parsed builds: one snapshot file per job, holding every finished build of the job
 * that the last run used, each keyed by its build id and the generation of its finished.json (a
 * rewritten finished.json means the build is read again). A snapshot is one sequential read with
 * a shared string table, so a test name stored a hundred times is decoded once.
 *
 * <p>A snapshot is used only when its magic, format version, length, CRC-32 and key (root and job)
 * all match; anything else is ignored, its builds read again from the bucket and the snapshot
 * rewritten, so a corrupt cache is rebuilt, never trusted.
 */
public final class JobCache {

    private static final byte[] MAGIC = "FEDE2E-JOB-SNAPSHOT\n".getBytes(StandardCharsets.US_ASCII);
    /** Bumped whenever the encoding or what the reader puts in a record changes. */
    public static final int VERSION = 5;
    private static final int HEADER = MAGIC.length + 4 + 4 + 8;

    private final Path dir;
    private final AtomicInteger rejected = new AtomicInteger();

    public JobCache(Path dir) {
        this.dir = dir;
    }

    /** How many snapshots were found unusable (corrupt, wrong version or key) since this cache was opened. */
    public int rejected() {
        return rejected.get();
    }

    /** The job's snapshot, or an empty one when there is no sound snapshot. */
    public Snapshot load(String root, String job) {
        Path file = file(root, job);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Snapshot.EMPTY;
        } catch (IOException e) {
            rejected.incrementAndGet();
            return Snapshot.EMPTY;
        }
        try {
            return decode(bytes, root, job);
        } catch (IOException | RuntimeException e) {
            rejected.incrementAndGet();
            return Snapshot.EMPTY;
        }
    }

    /**
     * A job's builds as a snapshot held them. It keeps the encoded bytes too, so that rewriting
     * the snapshot after a new build copies the builds it already held instead of encoding them
     * again.
     */
    public static final class Snapshot {
        static final Snapshot EMPTY = new Snapshot(Map.of(), new String[0], new byte[0], 0, 0, Map.of());

        private final Map<Long, BuildRecord> builds;
        private final String[] strings;
        private final byte[] bytes;
        private final int tableFrom;
        private final int tableTo;
        private final Map<Long, int[]> ranges;

        Snapshot(Map<Long, BuildRecord> builds, String[] strings, byte[] bytes, int tableFrom, int tableTo,
                 Map<Long, int[]> ranges) {
            this.builds = builds;
            this.strings = strings;
            this.bytes = bytes;
            this.tableFrom = tableFrom;
            this.tableTo = tableTo;
            this.ranges = ranges;
        }

        /** The build with that id, or null. */
        public BuildRecord get(long build) {
            return builds.get(build);
        }

        /** How many builds it holds. */
        public int size() {
            return builds.size();
        }

        /** The builds it holds, newest first. */
        public List<BuildRecord> newestFirst() {
            List<BuildRecord> all = new ArrayList<>(builds.values());
            all.sort(Comparator.comparingLong(BuildRecord::build).reversed());
            return all;
        }
    }

    /**
     * Remembers the jobs a listing of {@code root} found, so that they can be shown from the
     * cache when the root cannot be listed another time. Written only when the list changed.
     */
    public void rememberJobs(String root, List<String> jobs) {
        Path file = jobsFile(root);
        StringBuilder text = new StringBuilder(root).append('\n');
        for (String job : jobs) {
            text.append(job).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
        } catch (IOException e) {
            // unreadable: write it again
        }
        replace(file, bytes);
    }

    /** The jobs the last successful listing of {@code root} found; empty when none was remembered. */
    public List<String> rememberedJobs(String root) {
        try {
            List<String> lines = Files.readAllLines(jobsFile(root), StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(root)) {
                return List.of();
            }
            return List.copyOf(lines.subList(1, lines.size()));
        } catch (IOException | UncheckedIOException e) {
            // nothing remembered, or unreadable: the source is shown without cached builds
            return List.of();
        }
    }

    private Path jobsFile(String root) {
        String hex = HexFormat.of().formatHex(sha256(root));
        return dir.resolve("roots").resolve(hex.substring(0, 40) + ".jobs");
    }

    /** Replaces the job's snapshot with these builds, atomically; builds without finished.json are left out. */
    public void store(String root, String job, Collection<BuildRecord> builds) {
        store(root, job, builds, Snapshot.EMPTY);
    }

    /**
     * Replaces the job's snapshot with these builds, atomically, copying the bytes of those that
     * are the very records {@code previous} held; builds without finished.json are left out.
     */
    public void store(String root, String job, Collection<BuildRecord> builds, Snapshot previous) {
        replace(file(root, job), encode(root, job, builds, previous));
    }

    /** Writes {@code bytes} to a temporary file and renames it over {@code file}: readers see old or new. */
    private void replace(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".snapshot", ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build cache in " + dir + ": " + e.getMessage()
                    + " (check its permissions, or delete it to start afresh)", e);
        }
    }

    /** The job's snapshot file. */
    Path file(String root, String job) {
        String hex = HexFormat.of().formatHex(sha256(root + "\n" + job));
        return dir.resolve("jobs").resolve(hex.substring(0, 40) + ".snap");
    }

    static byte[] encode(String root, String job, Collection<BuildRecord> builds) {
        return encode(root, job, builds, Snapshot.EMPTY);
    }

    static byte[] encode(String root, String job, Collection<BuildRecord> builds, Snapshot previous) {
        List<BuildRecord> sorted = new ArrayList<>();
        long kept = 0;
        int keptBuilds = 0;
        for (BuildRecord b : builds) {
            if (b.finished()) {
                sorted.add(b);
                if (previous.get(b.build()) == b) {
                    int[] r = previous.ranges.get(b.build());
                    kept += r[1] - r[0];
                    keptBuilds++;
                }
            }
        }
        sorted.sort(Comparator.comparingLong(BuildRecord::build));
        // the previous string table is kept, and its builds' bytes with it, unless a quarter of
        // what it held is gone (builds that left the window): then all is encoded afresh so the
        // table does not keep growing
        long before = 0;
        for (int[] r : previous.ranges.values()) {
            before += r[1] - r[0];
        }
        boolean reuse = kept > 0 && kept * 4 >= before * 3;
        Strings strings = new Strings(reuse ? previous.strings : new String[0]);
        int copied = reuse ? previous.strings.length : 0;
        // sized for as many bytes per build as a kept build took, so the buffer seldom grows
        // (each growth copies the job's megabytes of records)
        long perBuild = keptBuilds == 0 ? 64 * 1024 : kept / keptBuilds;
        Out records = new Out(64 * 1024 + perBuild * sorted.size());
        records.var(sorted.size());
        for (BuildRecord r : sorted) {
            if (reuse && previous.get(r.build()) == r) {
                int[] range = previous.ranges.get(r.build());
                records.raw(previous.bytes, range[0], range[1] - range[0]);
            } else {
                encode(r, records, strings);
            }
        }
        // the file is written in one buffer: the header's length and CRC are filled in last
        Out file = new Out(HEADER + records.size() + strings.bytes + 1024);
        file.raw(MAGIC);
        file.fixed32(VERSION);
        file.fixed32(0);
        file.fixed(0);
        file.text(root);
        file.text(job);
        file.var(strings.list.size());
        // the strings the previous snapshot had are copied as they were encoded there
        if (copied > 0) {
            file.raw(previous.bytes, previous.tableFrom, previous.tableTo - previous.tableFrom);
        }
        for (String s : strings.list.subList(copied, strings.list.size())) {
            file.text(s);
        }
        file.append(records);
        int bodySize = file.size() - HEADER;
        CRC32 crc = new CRC32();
        crc.update(file.buf, HEADER, bodySize);
        file.pos = MAGIC.length + 4;
        file.fixed32(bodySize);
        file.fixed(crc.getValue());
        file.pos = HEADER + bodySize;
        return file.buf.length == file.size() ? file.buf : Arrays.copyOf(file.buf, file.size());
    }

    private static void encode(BuildRecord r, Out records, Strings strings) {
        records.fixed(r.build());
        records.fixed(r.finishedGeneration());
        records.fixed(r.startedAt());
        records.fixed(r.finishedAt());
        records.var(strings.id(r.result()));
        records.var(strings.id(r.version()));
        records.var(strings.id(r.provider()));
        writeStrings(records, strings, r.problems());
        records.var(r.tests().size());
        if (r.tests() instanceof TestColumns c) {
            // column by column: a result object is made for none but those kept whole
            int k = 0;
            for (int i = 0; i < c.size(); i++) {
                int w = c.wholeFrom(k, i);
                if (w >= 0) {
                    encode(c.whole(w), records, strings);
                    k++;
                } else {
                    records.var(strings.nameId(i, c.name(i)));
                    records.var(c.outcome(i).ordinal());
                    records.fixed32(Float.floatToRawIntBits(c.seconds(i)));
                    records.var(strings.id(c.columnReason(i)));
                    // details, output and failure key: none for a result the columns hold
                    records.var(strings.id(""));
                    records.var(strings.id(""));
                    records.var(strings.id(""));
                    records.var(0);
                }
            }
        } else {
            for (TestResult t : r.tests()) {
                encode(t, records, strings);
            }
        }
        records.var(r.steps().size());
        for (Step s : r.steps()) {
            records.var(strings.id(s.name()));
            records.var(s.outcome().ordinal());
            records.fixed32(Float.floatToRawIntBits(s.seconds()));
            records.var(strings.id(s.message()));
        }
        records.var(strings.id(r.logTail()));
        writeStrings(records, strings, r.artifacts());
    }

    /** One test as {@link #decode} reads it back. */
    private static void encode(TestResult t, Out records, Strings strings) {
        records.var(strings.id(t.name()));
        records.var(t.outcome().ordinal());
        records.fixed32(Float.floatToRawIntBits(t.seconds()));
        records.var(strings.id(t.message()));
        records.var(strings.id(t.details()));
        records.var(strings.id(t.output()));
        records.var(strings.id(t.failureKey()));
        records.var(t.metrics().size());
        if (!t.metrics().isEmpty()) {
            for (Map.Entry<String, Double> m : t.metrics().entrySet()) {
                records.var(strings.id(m.getKey()));
                records.fixed(Double.doubleToRawLongBits(m.getValue()));
            }
        }
    }

    /** A list of strings: its size, then each string's id in the table. */
    private static void writeStrings(Out records, Strings strings, List<String> list) {
        records.var(list.size());
        for (String s : list) {
            records.var(strings.id(s));
        }
    }

    static Snapshot decode(byte[] bytes, String root, String job) throws IOException {
        if (bytes.length < HEADER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a job snapshot");
        }
        In head = new In(bytes, MAGIC.length, bytes.length);
        if (head.fixed32() != VERSION) {
            throw new IOException("another format version");
        }
        int length = head.fixed32();
        long sum = head.fixed();
        if (length != bytes.length - HEADER) {
            throw new IOException("truncated");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, HEADER, length);
        if (crc.getValue() != sum) {
            throw new IOException("checksum mismatch");
        }
        In in = new In(bytes, HEADER, bytes.length);
        if (!in.text().equals(root) || !in.text().equals(job)) {
            throw new IOException("another job's snapshot");
        }
        int n = in.count();
        String[] strings = new String[n];
        int tableFrom = in.pos;
        for (int i = 0; i < n; i++) {
            strings[i] = in.text();
        }
        int tableTo = in.pos;
        Outcome[] outcomes = Outcome.values();
        Map<Long, BuildRecord> out = new HashMap<>();
        Map<Long, int[]> ranges = new HashMap<>();
        for (int b = in.count(); b > 0; b--) {
            int start = in.pos;
            long build = in.fixed();
            long gen = in.fixed();
            long startedAt = in.fixed();
            long finishedAt = in.fixed();
            String result = in.string(strings);
            String version = in.string(strings);
            String provider = in.string(strings);
            List<String> problems = in.strings(strings);
            int tn = in.count();
            TestColumns.Builder columns = new TestColumns.Builder(tn);
            for (int i = 0; i < tn; i++) {
                String name = in.string(strings);
                Outcome o = in.pick(outcomes);
                float seconds = Float.intBitsToFloat(in.fixed32());
                String message = in.string(strings);
                String details = in.string(strings);
                String output = in.string(strings);
                String failureKey = in.string(strings);
                int m = in.count();
                Map<String, Double> metrics = m == 0 ? Map.of() : new LinkedHashMap<>();
                for (int j = 0; j < m; j++) {
                    metrics.put(in.string(strings), Double.longBitsToDouble(in.fixed()));
                }
                columns.add(name, o, seconds, message, details, output, metrics, failureKey);
            }
            List<TestResult> tests = columns.build();
            List<Step> steps = new ArrayList<>();
            for (int i = in.count(); i > 0; i--) {
                steps.add(new Step(in.string(strings), in.pick(outcomes), Float.intBitsToFloat(in.fixed32()),
                        in.string(strings)));
            }
            String logTail = in.string(strings);
            List<String> artifacts = in.strings(strings);
            if (gen <= 0 || out.put(build, new BuildRecord(root, job, build, gen, startedAt, finishedAt, result,
                    version, provider, problems, tests, steps, logTail, artifacts)) != null) {
                throw new IOException("a build without finished.json or twice: " + build);
            }
            ranges.put(build, new int[] {start, in.pos});
        }
        if (in.pos != bytes.length) {
            throw new IOException("trailing bytes");
        }
        return new Snapshot(out, strings, bytes, tableFrom, tableTo, ranges);
    }

    /** The string table: each distinct text once, in the order first met, so the encoding is deterministic. */
    private static final class Strings {
        static final int SHARED_TEXT = 300;

        final Map<String, Integer> ids = new HashMap<>();
        final List<String> list = new ArrayList<>();
        long bytes;
        private String[] lastNames = new String[0];
        private int[] lastIds = new int[0];

        Strings(String[] start) {
            // every entry keeps its id, even a repeated one, since copied builds refer to them;
            // only short texts (test names, states, versions) are looked up again: a new build
            // shares those with the old ones, while its logs and failure texts are its own
            for (String s : start) {
                if (s.length() <= SHARED_TEXT) {
                    ids.putIfAbsent(s, list.size());
                }
                list.add(s);
                bytes += 5 + s.length() * 3L;
            }
        }

        /**
         * The id of the test name at {@code position} in its build: a job's builds list the same
         * pooled names in the same order, so the last build's id at that position is taken when
         * the name is the same instance, without a lookup; the ids are those {@link #id} gives.
         */
        int nameId(int position, String name) {
            if (position < lastNames.length && lastNames[position] == name) {
                return lastIds[position];
            }
            int id = id(name);
            if (position >= lastNames.length) {
                int grown = Math.max(position + 1, lastNames.length * 2);
                lastNames = Arrays.copyOf(lastNames, grown);
                lastIds = Arrays.copyOf(lastIds, grown);
            }
            lastNames[position] = name;
            lastIds[position] = id;
            return id;
        }

        int id(String s) {
            Integer id = ids.get(s);
            if (id == null) {
                id = list.size();
                ids.put(s, id);
                list.add(s);
                bytes += 5 + s.length() * 3L;
            }
            return id;
        }
    }

    /** A growable buffer with unsigned varints (LEB128) for counts and ids, big-endian fixed widths otherwise. */
    private static final class Out {
        byte[] buf;
        int pos;

        Out(long capacity) {
            buf = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(64, capacity))];
        }

        int size() {
            return pos;
        }

        private void room(int n) {
            if (buf.length - pos < n) {
                long grown = Math.max((long) buf.length * 2, (long) pos + n);
                if (grown > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("a job snapshot over 2 GiB");
                }
                buf = Arrays.copyOf(buf, (int) grown);
            }
        }

        void var(int v) {
            room(5);
            while ((v & ~0x7f) != 0) {
                buf[pos++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void fixed32(int v) {
            room(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void fixed(long v) {
            fixed32((int) (v >>> 32));
            fixed32((int) v);
        }

        void raw(byte[] b) {
            raw(b, 0, b.length);
        }

        void raw(byte[] b, int from, int length) {
            room(length);
            System.arraycopy(b, from, buf, pos, length);
            pos += length;
        }

        void text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            var(b.length);
            raw(b);
        }

        void append(Out other) {
            room(other.pos);
            System.arraycopy(other.buf, 0, buf, pos, other.pos);
            pos += other.pos;
        }
    }

    /** Reads what {@link Out} wrote, refusing to read past the end or to accept absurd counts. */
    private static final class In {
        final byte[] buf;
        final int end;
        int pos;

        In(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        private void need(int n) throws IOException {
            if (n < 0 || end - pos < n) {
                throw new IOException("truncated at " + pos);
            }
        }

        int var() throws IOException {
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                need(1);
                byte b = buf[pos++];
                v |= (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IOException("bad varint at " + pos);
        }

        /** A count: never more than the bytes left, since every element takes at least one. */
        int count() throws IOException {
            int n = var();
            if (n < 0 || n > end - pos) {
                throw new IOException("bad count " + n + " at " + pos);
            }
            return n;
        }

        int fixed32() throws IOException {
            need(4);
            int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8
                    | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long fixed() throws IOException {
            return ((long) fixed32() << 32) | (fixed32() & 0xffffffffL);
        }

        String text() throws IOException {
            int n = var();
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        /** A list as {@link #writeStrings} wrote it. */
        List<String> strings(String[] table) throws IOException {
            List<String> list = new ArrayList<>();
            for (int i = count(); i > 0; i--) {
                list.add(string(table));
            }
            return list;
        }

        String string(String[] table) throws IOException {
            int i = var();
            if (i < 0 || i >= table.length) {
                throw new IOException("bad string id " + i + " at " + pos);
            }
            return table[i];
        }

        <E> E pick(E[] values) throws IOException {
            int i = var();
            if (i < 0 || i >= values.length) {
                throw new IOException("bad enum " + i + " at " + pos);
            }
            return values[i];
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
