package io.fede2e.dashboard.render;

/** HTML escaping for text and attribute values. */
public final class Escape {

    private Escape() {
    }

    /**
     * The text safe in HTML content and in quoted attributes: {@code & < > " '} become entities,
     * control characters other than tab, newline and carriage return become U+FFFD.
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
                default -> (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f ? "\uFFFD" : null;
            };
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
