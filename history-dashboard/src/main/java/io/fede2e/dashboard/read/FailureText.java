package io.fede2e.dashboard.read;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalizes failure texts so that the same failure in different runs compares equal, as Triage
 * does: what differs from run to run (times, ids, addresses, generated names, line numbers,
 * ports) is replaced by a placeholder.
 */
public final class FailureText {

    private static final int MAX = 1000;

    private record Rule(Pattern pattern, String replacement) {
    }

    // Order matters: wider shapes first, so an IP's port or a UUID's hex is not half-replaced.
    private static final List<Rule> RULES = List.of(
            rule("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", "<UUID>"),
            rule("\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}| ?UTC)?", "<TIME>"),
            rule("\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?",
                    "<TIME>"),
            rule("\\b\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?\\b", "<TIME>"),
            rule("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?\\b", "<IP>"),
            rule("\\[?\\b(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\\b\\]?(?::\\d{1,5})?", "<IP>"),
            // generated pod and node names: deployment-7d4f8b9c6-x2k9p, e2e-tests-dns-q8w7z, node-12
            rule("\\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*?(?:-[a-z0-9]{8,10})?-(?=[a-z0-9]*\\d)[a-z0-9]{5}\\b", "<NAME>"),
            rule("\\b[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*-\\d+\\b", "<NAME>"),
            rule("\\b0x[0-9a-fA-F]+\\b", "<HEX>"),
            rule("\\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\\d)[0-9a-f]{8,}\\b", "<HEX>"),
            rule("(\\.(?:go|java|py|js|ts|sh|rb|kt|scala|c|cc|cpp|rs)):\\d+(?::\\d+)?", "$1:<LINE>"),
            rule("\\bline \\d+\\b", "line <LINE>"),
            rule("(?<=[a-zA-Z\\]>]):\\d{2,5}\\b", ":<PORT>"),
            rule("\\b(?:\\d+(?:\\.\\d+)?(?:ns|us|\u00b5s|ms|h|m|s))+\\b", "<DURATION>"),
            rule("[ \\t]+", " "));

    private FailureText() {
    }

    private static Rule rule(String regex, String replacement) {
        return new Rule(Pattern.compile(regex), replacement);
    }

    /** The normalized text of a failure: message, else the first lines of its details. */
    public static String normalize(String text) {
        String t = text == null ? "" : text.strip();
        if (t.length() > MAX) {
            t = t.substring(0, MAX);
        }
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(t);
            if (m.find()) {
                t = m.replaceAll(r.replacement);
            }
        }
        return t.strip();
    }
}
