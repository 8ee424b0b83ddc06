package io.fede2e.runner.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which tests run, with Ginkgo's semantics: a test runs when its full name matches any
 * {@code focus} regex (or there is none) and no {@code skip} regex, its tags satisfy the label
 * filter and the mode, and it falls into the shard. Regexes are searched for anywhere in the
 * name, as Go's {@code regexp.MatchString} does.
 *
 * @param focus regexes of which one must match, empty for all
 * @param skip regexes of which none may match
 * @param labelFilter a JUnit tag expression such as {@code Conformance & !Slow}, or empty
 * @param mode a preset, or empty
 * @param shard the shard of the suite to run
 */
public record Selection(List<Pattern> focus, List<Pattern> skip, Optional<String> labelFilter, Optional<Mode> mode,
                        Shard shard) {

    /** Everything. */
    public static final Selection ALL = new Selection(List.of(), List.of(), Optional.empty(), Optional.empty(), Shard.ALL);

    public Selection {
        focus = List.copyOf(focus);
        skip = List.copyOf(skip);
        Objects.requireNonNull(labelFilter, "labelFilter");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(shard, "shard");
        labelFilter = labelFilter.filter(s -> !s.isBlank()).map(String::strip);
    }

    /** Compiles {@code regexes}; a bad one is a clear error naming {@code option}. */
    public static List<Pattern> compile(String option, List<String> regexes) {
        List<Pattern> out = new ArrayList<>();
        for (String r : regexes) {
            if (r == null || r.isEmpty()) {
                continue;
            }
            try {
                out.add(Pattern.compile(r));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(option + " '" + r + "' is not a valid regular expression: "
                        + e.getDescription() + "; escape brackets as in '\\[Serial\\]'");
            }
        }
        return out;
    }

    /** Whether the name passes focus and skip. */
    public boolean matchesName(String fullName) {
        boolean focused = focus.isEmpty() || focus.stream().anyMatch(p -> p.matcher(fullName).find());
        return focused && skip.stream().noneMatch(p -> p.matcher(fullName).find());
    }

    /** Whether every name passes: no focus, no skip, the whole suite as one shard. */
    public boolean keepsEveryName() {
        return focus.isEmpty() && skip.isEmpty() && shard.count() == 1;
    }

    /** The combined tag expression of mode and label filter, or empty when neither is set. */
    public Optional<String> tagExpression() {
        List<String> parts = new ArrayList<>();
        mode.ifPresent(m -> parts.add("(" + m.tagExpression() + ")"));
        labelFilter.ifPresent(l -> parts.add("(" + l + ")"));
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" & ", parts));
    }
}
