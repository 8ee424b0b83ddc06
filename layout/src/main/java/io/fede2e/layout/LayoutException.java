package io.fede2e.layout;

/** Input that breaks the results contract: a bad name or id, a malformed file. */
public class LayoutException extends RuntimeException {

    public LayoutException(String message) {
        super(message);
    }

    public LayoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code text} with control characters shown as {@code \\uXXXX}, for error messages. */
    public static String printable(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), 120));
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
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
