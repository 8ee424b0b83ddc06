package io.fede2e.provider.existing;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Replaces known secret values in text before it is logged or written. Longer values go first,
 * so that a secret containing another one is replaced whole.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are left alone: masking every "x" or "ab"
 * would destroy the text while protecting nothing a guess could not find.
 */
final class Redactor {

    static final String MASK = "[REDACTED]";
    static final int MIN_LENGTH = 4;

    private final List<String> secrets;

    Redactor(Set<String> secrets) {
        this.secrets = secrets.stream()
                .filter(s -> s != null && s.strip().length() >= MIN_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    static Redactor none() {
        return new Redactor(Set.of());
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** Redacted and squeezed onto one line, for exception messages and log lines. */
    String oneLine(String text) {
        return redact(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
