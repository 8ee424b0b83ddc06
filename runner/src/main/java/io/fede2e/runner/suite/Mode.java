package io.fede2e.runner.suite;

import java.util.Locale;
import java.util.Optional;

/**
 * Selection presets, as Sonobuoy's {@code --mode}: {@code quick} runs one fast conformance test
 * (a smoke test that the cluster and the runner work), {@code conformance} every Conformance test
 * (Sonobuoy's certified-conformance), {@code non-disruptive} the Conformance tests that are not
 * Disruptive (Sonobuoy's default, non-disruptive-conformance).
 */
public enum Mode {
    /** One conformance test that is neither Slow, Serial nor Disruptive. */
    QUICK("Conformance & !Slow & !Serial & !Disruptive"),
    /** Every Conformance test. */
    CONFORMANCE("Conformance"),
    /** Conformance tests that do not disrupt the cluster. */
    NON_DISRUPTIVE("Conformance & !Disruptive");

    private final String tagExpression;

    Mode(String tagExpression) {
        this.tagExpression = tagExpression;
    }

    /** The JUnit tag expression this mode selects. */
    public String tagExpression() {
        return tagExpression;
    }

    /** The name users type. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code quick}, {@code conformance}, {@code non-disruptive} (and Sonobuoy's long names). */
    public static Optional<Mode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "quick" -> Optional.of(QUICK);
            case "conformance", "certified-conformance" -> Optional.of(CONFORMANCE);
            case "non-disruptive", "non-disruptive-conformance" -> Optional.of(NON_DISRUPTIVE);
            default -> Optional.empty();
        };
    }
}
