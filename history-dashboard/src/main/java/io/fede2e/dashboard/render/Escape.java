package io.fede2e.dashboard.render;

/** HTML escaping for text and attribute values. */
public final class Escape {

    /** Whether a Latin-1 character goes into a page as it is. */
    private static final boolean[] PLAIN = new boolean[0x100];

    static {
        for (char c = 0x20; c < 0x100; c++) {
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
     * control characters other than tab, newline and carriage return (and unpaired surrogates)
     * become U+FFFD, and every character beyond Latin-1 becomes a numeric character reference. The
     * last keeps a page a Latin-1 string while it is built: one en dash or CJK test name among
     * 100,000 rows would otherwise make Java hold the whole page as UTF-16, twice the memory, and
     * encode it to UTF-8 the slow way (a fifth of the render's CPU on the 100,000-test benchmark).
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
                    if (c > 0xff) {
                        b.append(reference(s, i));
                        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(a[i + 1])) {
                            i++; // the pair's low half is in the reference
                        }
                    } else {
                        b.append("&#65533;"); // a control character
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
