package io.fede2e.e2e;

import java.util.Locale;
import java.util.random.RandomGenerator;

/** Names of test namespaces: {@code e2e-<short-name>-<5 random chars>}. */
final class NamespaceNames {

    /** Kubernetes' own alphabet for generated suffixes: no vowels, no look-alike characters. */
    static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    static final int MAX_SHORT_NAME = 40;

    private final RandomGenerator random;

    NamespaceNames(RandomGenerator random) {
        this.random = random;
    }

    /** A fresh namespace name for this short name. */
    String next(String shortName) {
        StringBuilder b = new StringBuilder("e2e-").append(sanitize(shortName)).append('-');
        for (int i = 0; i < 5; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The short name of a test class: {@code DeploymentTests} gives {@code deployment}. */
    static String shortName(Class<?> testClass) {
        String simple = testClass.getSimpleName().replaceFirst("(Tests|Test|IT)$", "");
        return sanitize(simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2"));
    }

    /** Lowercase letters, digits and single dashes, at most {@value #MAX_SHORT_NAME} characters. */
    static String sanitize(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX_SHORT_NAME) {
            s = s.substring(0, MAX_SHORT_NAME).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "test" : s;
    }
}
