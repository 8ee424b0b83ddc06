package io.fede2e.provider.hollow.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code labelSelector} query parameter: {@code a=b}, {@code a==b}, {@code a!=b},
 * {@code a in (x,y)}, {@code a notin (x,y)}, {@code a} and {@code !a}, comma separated.
 */
final class LabelSelector {

    enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, NOT_EXISTS }

    record Requirement(String key, Op op, Set<String> values) {

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (op) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
            };
        }
    }

    static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    List<Requirement> requirements() {
        return requirements;
    }

    boolean isEverything() {
        return requirements.isEmpty();
    }

    boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** An equality requirement, whose label index narrows the candidates best. */
    Optional<Requirement> firstEquality() {
        return requirements.stream().filter(r -> r.op() == Op.EQUALS || r.op() == Op.IN).findFirst();
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException naming the selector when it is malformed
     */
    static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw bad(text, "empty requirement");
            }
            out.add(parseRequirement(text, p));
        }
        return new LabelSelector(out);
    }

    private static Requirement parseRequirement(String text, String p) {
        java.util.regex.Matcher set = java.util.regex.Pattern
                .compile("^(\\S+)\\s+(in|notin)\\s*\\(([^)]*)\\)$").matcher(p);
        if (set.matches()) {
            Set<String> values = new java.util.HashSet<>();
            for (String v : set.group(3).split(",", -1)) {
                values.add(checkValue(text, v.trim()));
            }
            return new Requirement(checkKey(text, set.group(1)), set.group(2).equals("in") ? Op.IN : Op.NOT_IN,
                    Set.copyOf(values));
        }
        int ne = p.indexOf("!=");
        if (ne > 0) {
            return new Requirement(checkKey(text, p.substring(0, ne).trim()), Op.NOT_EQUALS,
                    Set.of(checkValue(text, p.substring(ne + 2).trim())));
        }
        int eq = p.indexOf('=');
        if (eq > 0) {
            String value = p.startsWith("==", eq) ? p.substring(eq + 2) : p.substring(eq + 1);
            return new Requirement(checkKey(text, p.substring(0, eq).trim()), Op.EQUALS,
                    Set.of(checkValue(text, value.trim())));
        }
        if (p.startsWith("!")) {
            return new Requirement(checkKey(text, p.substring(1).trim()), Op.NOT_EXISTS, Set.of());
        }
        return new Requirement(checkKey(text, p), Op.EXISTS, Set.of());
    }

    private static String checkKey(String text, String key) {
        if (!key.matches("([a-z0-9A-Z.-]+/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?") || key.length() > 317) {
            throw bad(text, "invalid label key '" + key + "'");
        }
        return key;
    }

    private static String checkValue(String text, String value) {
        if (!value.isEmpty() && !value.matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")) {
            throw bad(text, "invalid label value '" + value + "'");
        }
        return value;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("unable to parse requirement: label selector '" + text + "': " + why);
    }
}
