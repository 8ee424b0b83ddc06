package io.fede2e.provider.api;

import java.util.regex.Pattern;

/**
 * The run-id label contract between the runner, the e2e tests and the providers: the tests label
 * every namespace they create {@value #KEY}{@code =<run id>}, and a provider's Down removes exactly
 * the namespaces of its run by that label. The run id travels as the provider option, metadata
 * key and state key {@value #OPTION}.
 */
public final class RunIdLabel {

    /** The label on every namespace a run's tests (and a provider's probes) create. */
    public static final String KEY = "fede2e.io/run-id";

    /** The provider option, provider metadata key and reattach state key that carry the run id. */
    public static final String OPTION = "run-id";

    /** A Kubernetes label value is at most 63 characters. */
    public static final int MAX_LENGTH = 63;

    private static final Pattern VALID = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)");

    private RunIdLabel() {
    }

    /**
     * {@code raw} made a label value: every character a label value cannot hold becomes {@code -},
     * the end is kept when it is too long (a job's build number is at the end, and tells runs
     * apart), and it starts and ends with a letter or digit. Empty when nothing is left.
     */
    public static String value(String raw) {
        String s = raw == null ? "" : raw.replaceAll("[^A-Za-z0-9._-]", "-");
        if (s.length() > MAX_LENGTH) {
            s = s.substring(s.length() - MAX_LENGTH);
        }
        return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    /** Whether {@code runId} is a label value as it is. */
    public static boolean isValid(String runId) {
        return runId != null && VALID.matcher(runId).matches();
    }

    /** The label selector of the namespaces of run {@code runId}. */
    public static String selector(String runId) {
        return KEY + "=" + runId;
    }
}
