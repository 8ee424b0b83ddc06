package io.fede2e.dashboard.render;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SHA-256 of a page's template and view model, so a rerun can skip rendering a page whose
 * inputs are unchanged. The encoding is unambiguous (every string, list and record is length or
 * type prefixed), so two different views, however hostile their text, never share an encoding.
 */
final class ViewDigest {

    /**
     * Bumped whenever rendering changes in a way the templates' bytes do not show (the escaping
     * handler, {@link Html} building), so pages of an older generator are rendered again.
     */
    static final String RENDER_VERSION = "2";

    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private final MessageDigest sha;
    /**
     * Input gathered before it reaches the digest: a page's key is thousands of short values, and
     * each {@code MessageDigest.update} call costs more than hashing its few bytes.
     */
    private final byte[] buf = new byte[8192];
    private int used;

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
        d.flush();
        return HexFormat.of().formatHex(d.sha.digest());
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
                try {
                    add(c.getAccessor().invoke(o));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + c + " of a view", e);
                }
            }
        } else {
            // a view type this digest does not know could hide a change: refuse rather than skip a page wrongly
            throw new IllegalArgumentException("no digest for view values of " + o.getClass().getName());
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
        if (buf.length - used < 5) {
            flush();
        }
        buf[used] = (byte) type;
        buf[used + 1] = (byte) (n >>> 24);
        buf[used + 2] = (byte) (n >>> 16);
        buf[used + 3] = (byte) (n >>> 8);
        buf[used + 4] = (byte) n;
        used += 5;
    }

    private void flush() {
        sha.update(buf, 0, used);
        used = 0;
    }
}
