package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.ProviderCell;
import io.fede2e.dashboard.model.TestInfo;
import io.fede2e.dashboard.model.TestSummary;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SHA-256 of a page's template and view model, so a rerun can skip rendering a page whose
 * inputs are unchanged. The encoding is unambiguous (every string, list and record is length or
 * type prefixed), so two different views, however hostile their text, never share an encoding.
 *
 * <p>Two ways to feed it: {@link #of} walks a view (records, lists, strings) and is what most
 * pages use; {@link #start} returns a key built value by value ({@link #value}, {@link #text},
 * {@link #cells}, ...) in a compact binary form, for pages whose inputs are hundreds of thousands
 * of small values (a test group's rows, the matrix), where the bytes hashed and the walk's
 * reflective calls were most of a rerun's time. Every value written is tagged with its type and
 * length, so the compact form stays decodable, hence unambiguous, whatever the text holds.
 *
 * <p>Why SHA-256: the keys compare a page's inputs between two runs of one site, and those inputs
 * hold text from untrusted buckets; a key shared by two different inputs would keep a page that no
 * longer shows the truth, which nobody could see. A function without collision resistance (a 64-
 * or 128-bit non-cryptographic hash, MD5, SHA-1) lets a crafted bucket make such pairs. Under the
 * launcher's C1 compiler SHA-256 runs as plain Java at about 110 MB/s on the 2-core machine
 * (SHA-512/256 150 MB/s, SHA3-256 80 MB/s); with C2 and the CPU's SHA instructions it is 1.5 GB/s.
 * Feeding it less (see {@link #start}) cut its cost more than any other function could.
 */
final class ViewDigest {

    /**
     * Bumped whenever rendering changes in a way the templates' bytes do not show (the escaping
     * handler, {@link Html} building, the form of {@code data/matrix.json}), so pages of an older
     * generator are rendered again.
     */
    static final String RENDER_VERSION = "4";

    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private final MessageDigest sha;
    /**
     * Input gathered before it reaches the digest: a page's key is thousands of short values, and
     * each {@code MessageDigest.update} call costs more than hashing its few bytes.
     */
    private final byte[] buf = new byte[8192];
    private int used;
    /** The record and enum classes a compact key met, by class: see {@link #type}. */
    private Map<Class<?>, Integer> types;

    private ViewDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The hex digest of {@code parts}, each a String, number, boolean, enum, Html, byte[], List or record. */
    static String of(Object... parts) {
        ViewDigest d = new ViewDigest();
        for (Object p : parts) {
            d.add(p);
        }
        return d.hex();
    }

    /**
     * A key to build value by value; its encoding is its own (a key started here never equals one
     * made by {@link #of}), so a page may move from one to the other freely.
     *
     * @param kind what the key is of, e.g. {@code "tests"}: keys of different kinds never meet
     */
    static ViewDigest start(String kind) {
        ViewDigest d = new ViewDigest();
        d.tag('K', 1);
        d.text(kind);
        return d;
    }

    /** The hex digest of everything written so far; the key is finished. */
    String hex() {
        flush();
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Writes a string (null allowed). */
    ViewDigest text(String s) {
        if (s == null) {
            tag('n', 0);
        } else {
            bytes('s', s.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** Writes an int. */
    ViewDigest i32(int v) {
        room(5);
        buf[used++] = 'i';
        put32(v);
        return this;
    }

    /** Writes a count, an index or another int that is never negative, in one to five bytes. */
    ViewDigest count(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a count is never negative: " + n);
        }
        room(6);
        buf[used++] = 'k';
        varint(n);
        return this;
    }

    /** Writes the end of a sequence whose length was not written first. */
    ViewDigest end() {
        room(1);
        buf[used++] = 'e';
        return this;
    }

    /** Writes a long. */
    ViewDigest i64(long v) {
        room(9);
        buf[used++] = 'j';
        put32((int) (v >>> 32));
        put32((int) v);
        return this;
    }

    /** Writes a double by its bits: two doubles that print differently never share them. */
    ViewDigest f64(double v) {
        long bits = Double.doubleToRawLongBits(v);
        room(9);
        buf[used++] = 'd';
        put32((int) (bits >>> 32));
        put32((int) bits);
        return this;
    }

    /** Writes floats by their bits. */
    ViewDigest floats(float[] v) {
        room(6);
        buf[used++] = 'f';
        varint(v.length);
        for (float x : v) {
            room(4);
            put32(Float.floatToRawIntBits(x));
        }
        return this;
    }

    /**
     * Writes {@code cells[from..to)} as runs of equal bytes: a row's states repeat (a test skipped
     * in every build is one run), so a row of 31 states is a few bytes to hash rather than 31.
     */
    ViewDigest cells(byte[] cells, int from, int to) {
        room(6);
        buf[used++] = 'q';
        varint(to - from);
        int i = from;
        while (i < to) {
            byte c = cells[i];
            int end = i + 1;
            while (end < to && cells[end] == c) {
                end++;
            }
            room(6);
            buf[used++] = c;
            varint(end - i);
            i = end;
        }
        return this;
    }

    /**
     * Writes a test's summary, every component of it and of its {@link TestInfo} and {@link
     * ProviderCell}s, field by field: thousands of tests walked by {@link #value}'s reflective
     * calls cost ten times the hashing under the launcher's C1 compiler. A component added to
     * these records must be added here (RenderTests' ViewDigests checks that each one counts).
     */
    ViewDigest summary(TestSummary t) {
        room(1);
        buf[used++] = 'T';
        TestInfo info = t.test();
        text(info.name()).text(info.slug()).text(info.sig()).count(info.tags().size());
        for (String tag : info.tags()) {
            text(tag);
        }
        count(t.cells().size());
        for (ProviderCell c : t.cells()) {
            text(c.provider()).text(c.latest().name()).i32(c.runs()).i32(c.passes()).i32(c.failures())
                    .i32(c.flakes()).i32(c.skips()).f64(c.flakiness()).text(c.latestJob()).i64(c.latestBuild())
                    .text(c.skipReason());
        }
        i32(t.failures()).f64(t.flakiness()).count(t.failsOnlyOn().size());
        for (String p : t.failsOnlyOn()) {
            text(p);
        }
        return this;
    }

    /**
     * Writes a view value as {@link #of} takes them (String, number, boolean, enum, Html, byte[],
     * List or record), in the compact form: numbers as their bits, an enum as its name, a record's
     * class name once per key and then by its number.
     */
    ViewDigest value(Object o) {
        if (o == null) {
            tag('n', 0);
        } else if (o instanceof String s) {
            text(s);
        } else if (o instanceof Integer i) {
            i32(i);
        } else if (o instanceof Long l) {
            i64(l);
        } else if (o instanceof Double x) {
            f64(x);
        } else if (o instanceof Boolean z) {
            tag('z', z ? 1 : 0);
        } else if (o instanceof Enum<?> e) {
            type(e.getDeclaringClass());
            text(e.name());
        } else if (o instanceof byte[] b) {
            bytes('b', b);
        } else if (o instanceof Html h) {
            bytes('h', h.toString().getBytes(StandardCharsets.UTF_8));
        } else if (o instanceof List<?> l) {
            tag('l', l.size());
            for (Object e : l) {
                value(e);
            }
        } else if (o.getClass().isRecord()) {
            RecordComponent[] rc = COMPONENTS.computeIfAbsent(o.getClass(), Class::getRecordComponents);
            type(o.getClass());
            tag('c', rc.length);
            for (RecordComponent c : rc) {
                value(component(c, o));
            }
        } else if (o instanceof Number || o instanceof Character) {
            bytes('v', (o.getClass().getName() + ":" + o).getBytes(StandardCharsets.UTF_8));
        } else {
            throw new IllegalArgumentException("no digest for view values of " + o.getClass().getName());
        }
        return this;
    }

    private void add(Object o) {
        if (o == null) {
            tag('n', 0);
        } else if (o instanceof String s) {
            bytes('s', s.getBytes(StandardCharsets.UTF_8));
        } else if (o instanceof byte[] b) {
            bytes('b', b);
        } else if (o instanceof Html h) {
            bytes('h', h.toString().getBytes(StandardCharsets.UTF_8));
        } else if (o instanceof Number || o instanceof Boolean || o instanceof Character || o instanceof Enum<?>) {
            bytes('v', (o.getClass().getName() + ":" + o).getBytes(StandardCharsets.UTF_8));
        } else if (o instanceof List<?> l) {
            tag('l', l.size());
            for (Object e : l) {
                add(e);
            }
        } else if (o.getClass().isRecord()) {
            RecordComponent[] rc = COMPONENTS.computeIfAbsent(o.getClass(), Class::getRecordComponents);
            bytes('r', o.getClass().getName().getBytes(StandardCharsets.UTF_8));
            tag('c', rc.length);
            for (RecordComponent c : rc) {
                add(component(c, o));
            }
        } else {
            // a view type this digest does not know could hide a change: refuse rather than skip a page wrongly
            throw new IllegalArgumentException("no digest for view values of " + o.getClass().getName());
        }
    }

    private static Object component(RecordComponent c, Object o) {
        try {
            return c.getAccessor().invoke(o);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c + " of a view", e);
        }
    }

    /** A class named once per key, then by its number among the classes the key met. */
    private void type(Class<?> c) {
        if (types == null) {
            types = new HashMap<>();
        }
        Integer known = types.get(c);
        if (known != null) {
            tag('R', known);
        } else {
            types.put(c, types.size());
            bytes('r', c.getName().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void bytes(char type, byte[] b) {
        tag(type, b.length);
        if (b.length > buf.length - used) {
            flush();
            if (b.length > buf.length) {
                sha.update(b);
                return;
            }
        }
        System.arraycopy(b, 0, buf, used, b.length);
        used += b.length;
    }

    private void tag(char type, int n) {
        room(5);
        buf[used++] = (byte) type;
        put32(n);
    }

    /** An unsigned number in 7-bit groups, low first, the top bit marking that more follow. */
    private void varint(int n) {
        while ((n & ~0x7f) != 0) {
            buf[used++] = (byte) ((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        buf[used++] = (byte) n;
    }

    private void put32(int n) {
        buf[used] = (byte) (n >>> 24);
        buf[used + 1] = (byte) (n >>> 16);
        buf[used + 2] = (byte) (n >>> 8);
        buf[used + 3] = (byte) n;
        used += 4;
    }

    private void room(int n) {
        if (buf.length - used < n) {
            flush();
        }
    }

    private void flush() {
        sha.update(buf, 0, used);
        used = 0;
    }
}
