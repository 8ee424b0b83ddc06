package io.fede2e.dashboard.render;

/** HTML escaping for text and attribute values. */
public final class Escape {

    /** Whether a character goes into a page as it is: printable ASCII but the five of markup, and line breaks and tabs. */
    private static final boolean[] PLAIN = new boolean[0x80];

    static {
        for (char c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' && c != 0x7f;
        }
        PLAIN['\n'] = true;
        PLAIN['\t'] = true;
        PLAIN['\r'] = true;
    }

    private Escape() {
    }

    /**
     * The text safe in HTML content and in quoted attributes: {@code & < > " '} become entities,
     * control characters other than tab, newline and carriage return (C0, DEL and C1, and unpaired
     * surrogates) become U+FFFD, and every character beyond ASCII becomes a numeric character
     * reference. The last keeps a page an ASCII string while it is built: one en dash or CJK test
     * name among 100,000 rows would otherwise make Java hold the whole page as UTF-16, twice the
     * memory, and a page of Latin-1 beyond ASCII (a middle dot in a title) is encoded to UTF-8 a
     * character at a time, where ASCII is copied (7% of an incremental run's samples).
     */
    public static String html(String s) {
        if (s == null) {
            return "";
        }
        // the characters as an array: a copy is cheap, and a loop over it makes no call per
        // character (String.charAt's bounds check was not inlined by C1, the launcher's compiler:
        // a twentieth of a render's CPU); most values (names, numbers, links) need no replacement
        char[] a = s.toCharArray();
        int n = a.length;
        int i = 0;
        while (i < n && a[i] < PLAIN.length && PLAIN[a[i]]) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(a, 0, i);
        while (i < n) {
            int plain = i;
            while (i < n && a[i] < PLAIN.length && PLAIN[a[i]]) {
                i++;
            }
            b.append(a, plain, i - plain);
            if (i == n) {
                break;
            }
            char c = a[i];
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 || c >= 0x7f && c < 0xa0) {
                        b.append("&#65533;"); // a control character (C0, DEL, C1)
                    } else {
                        b.append(reference(s, i));
                        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(a[i + 1])) {
                            i++; // the pair's low half is in the reference
                        }
                    }
                }
            }
            i++;
        }
        return b.toString();
    }

    /** The reference for the character at {@code i} (a surrogate pair as one code point). */
    private static String reference(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            return "&#" + Character.toCodePoint(c, s.charAt(i + 1)) + ";";
        }
        return Character.isSurrogate(c) ? "&#65533;" : "&#" + (int) c + ";";
    }
}
