package io.fede2e.dashboard.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A page's body of markup built in Java (see {@link PageKind}), kept as parts of about
 * {@link #PART} characters: the matrix of 100,000 tests is 75 MB, and one buffer for it would grow
 * by doubling to twice that and be copied whole at each step, outside the young generation where
 * short-lived text is cheap to collect.
 */
final class Markup {

    /** Characters after which {@link #next} starts a new part. */
    static final int PART = 1 << 20;

    private final List<StringBuilder> parts = new ArrayList<>();
    private StringBuilder current;

    /** A body whose first part holds {@code capacity} characters without growing (at most {@link #PART}). */
    Markup(int capacity) {
        current = new StringBuilder(Math.max(16, Math.min(capacity, PART + PART / 4)));
        parts.add(current);
    }

    /** The part to append to now; call {@link #next} after each row or section. */
    StringBuilder text() {
        return current;
    }

    /** Starts a new part when the current one is full: between rows, so no row is split. */
    void next() {
        if (current.length() >= PART) {
            current = new StringBuilder(PART + PART / 4);
            parts.add(current);
        }
    }

    /** The parts in order. */
    List<StringBuilder> parts() {
        return parts;
    }

    /** Characters in all parts. */
    long length() {
        long n = 0;
        for (StringBuilder p : parts) {
            n += p.length();
        }
        return n;
    }

    /** The whole body as one text (for a key that hashes it). */
    @Override
    public String toString() {
        StringBuilder all = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, length()));
        for (StringBuilder p : parts) {
            all.append(p);
        }
        return all.toString();
    }
}
