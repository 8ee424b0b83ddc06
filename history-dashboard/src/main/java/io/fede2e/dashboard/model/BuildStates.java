package io.fede2e.dashboard.model;

import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.layout.BuildState;
import io.fede2e.layout.Result;
import java.time.Instant;
import java.util.Locale;

/**
 * How the site reads and shows layout's {@link BuildState}: the one rule lives in layout, this
 * only maps a parsed build onto it and names its CSS class.
 */
public final class BuildStates {

    private BuildStates() {
    }

    /** The build's state by layout's rule; a time the reader refused counts as no started.json. */
    public static BuildState of(BuildRecord b, Instant now) {
        return BuildState.of(b.startedAt() >= 0 ? b.startedAt() : null, b.finished(), result(b.result()), now);
    }

    private static Result result(String name) {
        return switch (name) {
            case "SUCCESS" -> Result.SUCCESS;
            case "FAILURE" -> Result.FAILURE;
            case "ABORTED" -> Result.ABORTED;
            default -> null;
        };
    }

    /** The CSS class (the stylesheet's names for passed and failed builds predate layout's names). */
    public static String css(BuildState s) {
        return switch (s) {
            case SUCCESS -> "passed";
            case FAILURE -> "failed";
            default -> s.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Whether the build did not pass (a failure for the summary): FAILURE or ABORTED. */
    public static boolean isFailure(BuildState s) {
        return s == BuildState.FAILURE || s == BuildState.ABORTED;
    }
}
