package io.fede2e.dashboard.render;

/** HTML escaping for text and attribute values. */
public final class Escape {

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
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f ? "&#65533;"
                        : c > 0xff ? reference(s, i) : null;
            };
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(rep);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // the pair's low half is in the reference
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
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
