package io.fede2e.dashboard.read;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * The cache of parsed builds: one file per build, keyed by the build's path and the generation
 * of its finished.json (a rewritten finished.json means a new entry). An entry is used only when
 * its magic, version, checksum and key all match; anything else is read again from the bucket
 * and the entry rewritten, so a corrupt cache is rebuilt, never trusted.
 */
public final class BuildCache {

    private static final byte[] MAGIC = "FEDE2E-BUILD-CACHE\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private final Path dir;
    private final AtomicInteger rejected = new AtomicInteger();

    public BuildCache(Path dir) {
        this.dir = dir;
    }

    /** How many entries were found unusable (corrupt, wrong version or key) since this cache was opened. */
    public int rejected() {
        return rejected.get();
    }

    /** The cached record for the build with that finished.json generation, if a sound one is there. */
    public Optional<BuildRecord> get(String root, String job, long build, long finishedGeneration) {
        if (finishedGeneration <= 0) {
            return Optional.empty();
        }
        Path file = file(root, job, build);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            rejected.incrementAndGet();
            return Optional.empty();
        }
        try {
            BuildRecord r = decode(bytes);
            if (r.root().equals(root) && r.job().equals(job) && r.build() == build
                    && r.finishedGeneration() == finishedGeneration) {
                return Optional.of(r);
            }
            if (r.finishedGeneration() != finishedGeneration) {
                return Optional.empty(); // an older generation: stale, not corrupt
            }
        } catch (IOException | RuntimeException e) {
            // fall through: rejected below
        }
        rejected.incrementAndGet();
        return Optional.empty();
    }

    /** Stores a finished build's record, atomically; running builds are not cached. */
    public void put(BuildRecord record) {
        if (!record.finished()) {
            return;
        }
        Path file = file(record.root(), record.job(), record.build());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".entry", ".tmp");
            try {
                Files.write(tmp, encode(record));
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

    Path file(String root, String job, long build) {
        String hex = HexFormat.of().formatHex(sha256(root + "\n" + job + "\n" + build));
        return dir.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 40) + ".bin");
    }

    static byte[] encode(BuildRecord r) {
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(4096);
            DataOutputStream out = new DataOutputStream(payload);
            out.writeUTF(r.root());
            out.writeUTF(r.job());
            out.writeLong(r.build());
            out.writeLong(r.finishedGeneration());
            out.writeLong(r.startedAt());
            out.writeLong(r.finishedAt());
            str(out, r.result());
            str(out, r.version());
            str(out, r.provider());
            out.writeInt(r.problems().size());
            for (String p : r.problems()) {
                str(out, p);
            }
            out.writeInt(r.tests().size());
            for (TestResult t : r.tests()) {
                str(out, t.name());
                out.writeByte(t.outcome().ordinal());
                out.writeFloat(t.seconds());
                str(out, t.message());
                str(out, t.details());
                str(out, t.output());
                out.writeInt(t.metrics().size());
                for (Map.Entry<String, Double> m : t.metrics().entrySet()) {
                    str(out, m.getKey());
                    out.writeDouble(m.getValue());
                }
            }
            out.writeInt(r.steps().size());
            for (Step s : r.steps()) {
                str(out, s.name());
                out.writeByte(s.outcome().ordinal());
                out.writeFloat(s.seconds());
                str(out, s.message());
            }
            str(out, r.logTail());
            out.writeInt(r.artifacts().size());
            for (String a : r.artifacts()) {
                str(out, a);
            }
            out.flush();
            byte[] body = payload.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(body);
            ByteArrayOutputStream file = new ByteArrayOutputStream(body.length + 40);
            DataOutputStream f = new DataOutputStream(file);
            f.write(MAGIC);
            f.writeInt(VERSION);
            f.writeInt(body.length);
            f.writeLong(crc.getValue());
            f.write(body);
            f.flush();
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BuildRecord decode(byte[] bytes) throws IOException {
        DataInputStream f = new DataInputStream(new ByteArrayInputStream(bytes));
        byte[] magic = new byte[MAGIC.length];
        f.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC) || f.readInt() != VERSION) {
            throw new IOException("not a cache entry of this version");
        }
        int length = f.readInt();
        long sum = f.readLong();
        if (length < 0 || length != bytes.length - MAGIC.length - 16) {
            throw new IOException("truncated");
        }
        byte[] body = new byte[length];
        f.readFully(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        if (crc.getValue() != sum) {
            throw new IOException("checksum mismatch");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        String root = in.readUTF();
        String job = in.readUTF();
        long build = in.readLong();
        long gen = in.readLong();
        long startedAt = in.readLong();
        long finishedAt = in.readLong();
        String result = str(in);
        String version = str(in);
        String provider = str(in);
        List<String> problems = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            problems.add(str(in));
        }
        Outcome[] outcomes = Outcome.values();
        int n = count(in);
        List<TestResult> tests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = str(in);
            Outcome o = outcomes[in.readUnsignedByte()];
            float seconds = in.readFloat();
            String message = str(in);
            String details = str(in);
            String output = str(in);
            int m = count(in);
            Map<String, Double> metrics = m == 0 ? Map.of() : new LinkedHashMap<>();
            for (int j = 0; j < m; j++) {
                metrics.put(str(in), in.readDouble());
            }
            tests.add(new TestResult(name, o, seconds, message, details, output, metrics));
        }
        List<Step> steps = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            steps.add(new Step(str(in), outcomes[in.readUnsignedByte()], in.readFloat(), str(in)));
        }
        String logTail = str(in);
        List<String> artifacts = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            artifacts.add(str(in));
        }
        if (in.available() != 0) {
            throw new IOException("trailing bytes");
        }
        return new BuildRecord(root, job, build, gen, startedAt, finishedAt, result, version, provider, problems,
                tests, steps, logTail, artifacts);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    // writeUTF stops at 64 KiB; texts here are bounded but can exceed it in UTF-8.
    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
