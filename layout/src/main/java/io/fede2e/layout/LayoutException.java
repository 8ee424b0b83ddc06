package io.fede2e.layout;

/** Input that breaks the results contract: a bad name or id, a malformed file. */
public class LayoutException extends RuntimeException {

    public LayoutException(String message) {
        super(message);
    }

    public LayoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code text} made safe for a one-line error message: control, format (such as bidi
     * overrides) and surrogate characters shown as {@code \\uXXXX}, cut after 100 characters.
     */
    public static String printable(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), 120));
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (text.length() > 100) {
            b.append("...");
        }
        return b.toString();
    }
}
