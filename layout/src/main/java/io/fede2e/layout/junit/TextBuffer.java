package io.fede2e.layout.junit;

import java.util.Arrays;

/**
 * A growable char array for the text the reader keeps. Unlike StringBuilder, whose append of
 * a char[] checks and narrows every character one by one, this copies with arraycopy and
 * narrows once, vectorised, when the String is made. Text beyond the limit is counted, not
 * kept: a 100 MB system-out costs its first characters, never the heap.
 */
final class TextBuffer {

    private final int limit;
    private char[] chars;
    private int length;
    private long dropped;

    TextBuffer(int capacity, int limit) {
        this.limit = limit;
        chars = new char[Math.min(capacity, Math.max(limit, 1))];
    }

    /** What the text says when {@code dropped} characters past {@code limit} were not kept. */
    static String cutNote(int limit) {
        return "\n[... cut at " + limit + " characters]";
    }

    void append(char[] source, int start, int count) {
        if (length + (long) count > limit) {
            int kept = limit - length;
            dropped += count - kept;
            count = kept;
        }
        int needed = length + count;
        if (needed > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(needed, chars.length * 2));
        }
        System.arraycopy(source, start, chars, length, count);
        length = needed;
    }

    void append(char c) {
        if (length >= limit) {
            dropped++;
            return;
        }
        if (length == chars.length) {
            chars = Arrays.copyOf(chars, chars.length * 2);
        }
        chars[length++] = c;
    }

    int length() {
        return length;
    }

    /** Forgets the text from {@code newLength} on; a buffer grown by a huge text is let go. */
    void setLength(int newLength) {
        length = newLength;
        dropped = 0;
        if (newLength == 0 && chars.length > (1 << 20)) {
            chars = new char[256];
        }
    }

    /** The text from {@code from} to the end. */
    String substring(int from) {
        String s = new String(chars, from, length - from);
        return dropped == 0 ? s : s + cutNote(limit);
    }

    /** The text, "" when empty, ending with a note when text past the limit was cut. */
    @Override
    public String toString() {
        String s = length == 0 ? "" : new String(chars, 0, length);
        return dropped == 0 ? s : s + cutNote(limit);
    }
}
