package io.fede2e.runner;

/** The runner's version, from the jar manifest (the Maven project version), or {@code dev}. */
public final class Version {

    private Version() {
    }

    /** The version string. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
