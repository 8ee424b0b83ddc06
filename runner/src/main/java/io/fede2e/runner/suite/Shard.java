package io.fede2e.runner.suite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One of N shards of a suite: a test belongs to shard {@code 1 + (h mod N)}, where h is the
 * first 8 bytes of SHA-256 of its full name. Deterministic across machines and JVMs, so N
 * Jenkins agents given {@code --shard 1/N} ... {@code --shard N/N} run every selected test
 * exactly once between them.
 *
 * @param index the shard, 1-based
 * @param count how many shards
 */
public record Shard(int index, int count) {

    /** The whole suite. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count
                    + " is invalid: use K/N with 1 <= K <= N, e.g. --shard 2/4");
        }
    }

    /** Parses {@code K/N}. */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                return new Shard(Integer.parseInt(t.substring(0, slash).trim()),
                        Integer.parseInt(t.substring(slash + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("shard '" + t + "' is invalid: use K/N with 1 <= K <= N, e.g. --shard 2/4");
    }

    /** Whether the test called {@code fullName} belongs to this shard. */
    public boolean contains(String fullName) {
        if (count == 1) {
            return true;
        }
        return Math.floorMod(hash(fullName), count) == index - 1;
    }

    static long hash(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
