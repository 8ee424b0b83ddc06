package io.fede2e.layout.junit;

import java.util.Arrays;

/**
 * A growable char array for the text the reader keeps. Unlike StringBuilder, whose append of
 * a char[] checks and narrows every character one by one, this copies with arraycopy and
 * narrows once, vectorised, when the String is made.
 */
final class TextBuffer {

    private char[] chars;
    private int length;

    TextBuffer(int capacity) {
        chars = new char[capacity];
    }

    void append(char[] source, int start, int count) {
        int needed = length + count;
        if (needed > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(needed, chars.length * 2));
        }
        System.arraycopy(source, start, chars, length, count);
        length = needed;
    }

    void append(char c) {
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
        if (newLength == 0 && chars.length > (1 << 20)) {
            chars = new char[256];
        }
    }

    /** The text from {@code from} to the end. */
    String substring(int from) {
        return new String(chars, from, length - from);
    }

    /** The text, "" when empty. */
    @Override
    public String toString() {
        return length == 0 ? "" : new String(chars, 0, length);
    }
}
