package io.fede2e.ginkgo;

import java.util.List;

/**
 * The {@code --ginkgo.focus} regular expression (Go's RE2) that selects exactly a list of specs.
 *
 * <p>Ginkgo matches the focus against {@code <suite description> [Top Level] <spec name>} (v1) or
 * {@code <suite description> <spec name>} (v2) and searches anywhere in that text: a bare name also
 * selects every spec whose name contains it (75 specs of v1.20.2 contain another spec's name).
 * So each name is escaped as Go's {@code regexp.QuoteMeta} does and the whole is anchored at both
 * ends. Plain groups rather than {@code (?:...)}: RE2 and POSIX ERE read them alike.
 */
final class FocusExpression {

    /**
     * Linux refuses a single argument longer than 128 KiB (MAX_ARG_STRLEN); a batch whose focus
     * would pass this is split into several processes.
     */
    static final int MAX_LENGTH = 100_000;

    private FocusExpression() {
    }

    static String of(String suiteDescription, GinkgoVersion version, List<String> names) {
        StringBuilder sb = new StringBuilder("^").append(quoteMeta(suiteDescription));
        sb.append(version == GinkgoVersion.V1 ? " \\[Top Level\\] (" : " (");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(quoteMeta(names.get(i)));
        }
        return sb.append(")$").toString();
    }

    /** The length {@link #of} adds for one name. */
    static int cost(String name) {
        return quoteMeta(name).length() + 1;
    }

    /** Go's {@code regexp.QuoteMeta}: a backslash before each of {@code \.+*?()|[]{}^$}. */
    static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
