package io.fede2e.provider.hollow.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A parsed {@code fieldSelector}: {@code path=value}, {@code path==value}, {@code path!=value}, comma separated. */
final class FieldSelector {

    record Requirement(String path, boolean equals, String value) {
    }

    static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    List<Requirement> requirements() {
        return requirements;
    }

    boolean isEverything() {
        return requirements.isEmpty();
    }

    /** Whether an object whose field values {@code fields} gives (missing ones as "") matches. */
    boolean matches(Function<String, String> fields) {
        for (Requirement r : requirements) {
            String actual = fields.apply(r.path());
            if (r.value().equals(actual) != r.equals()) {
                return false;
            }
        }
        return true;
    }

    /** The value {@code metadata.name} must equal, if the selector asks for one. */
    String exactName() {
        for (Requirement r : requirements) {
            if (r.equals() && r.path().equals("metadata.name")) {
                return r.value();
            }
        }
        return null;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException naming the selector when it is malformed
     */
    static FieldSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int ne = p.indexOf("!=");
            int eq = p.indexOf('=');
            if (ne > 0) {
                out.add(new Requirement(path(text, p.substring(0, ne)), false, p.substring(ne + 2).trim()));
            } else if (eq > 0) {
                String value = p.startsWith("==", eq) ? p.substring(eq + 2) : p.substring(eq + 1);
                out.add(new Requirement(path(text, p.substring(0, eq)), true, value.trim()));
            } else {
                throw new IllegalArgumentException("invalid field selector '" + text
                        + "': each requirement must be field=value or field!=value");
            }
        }
        return new FieldSelector(out);
    }

    private static String path(String text, String path) {
        String p = path.trim();
        if (!p.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*")) {
            throw new IllegalArgumentException("invalid field selector '" + text + "': '" + p + "' is not a field path");
        }
        return p;
    }
}
