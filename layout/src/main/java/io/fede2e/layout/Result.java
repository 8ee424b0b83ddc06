package io.fede2e.layout;

import java.util.Locale;

/** The outcome of a build in finished.json. */
public enum Result {
    SUCCESS, FAILURE, ABORTED;

    /**
     * Parses Prow's and older variants, case-insensitively: {@code success}, {@code SUCCESS},
     * {@code failure}, {@code failed}, {@code error}, {@code aborted}. Returns {@code null}
     * for null or unknown text.
     */
    public static Result parseLenient(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "SUCCESS", "PASSED", "PASS" -> SUCCESS;
            case "FAILURE", "FAILED", "FAIL", "ERROR", "UNSTABLE" -> FAILURE;
            case "ABORTED", "ABORT", "CANCELLED", "CANCELED" -> ABORTED;
            default -> null;
        };
    }
}
