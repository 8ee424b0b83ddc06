package io.fede2e.ginkgo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads Ginkgo's verbose, colourless console output line by line and reports each spec's start
 * and end as they happen. One parser serves the dry-run listing and a real run, for v1 and v2.
 *
 * <p>What it relies on: a spec's block starts after a separator line of dashes (or after
 * {@code Will run N of M specs}) with its header, the container texts on one line and the
 * {@code It} text indented by two spaces on the next (v1), or the full name on one line (v2),
 * followed by the code location ({@code file.go:123}). The spec ends with a line starting
 * {@code •} (after any {@code S} marks of skipped specs); {@code • Failure}, {@code • Panic},
 * {@code • [FAILED]}, {@code • [PANICKED]}, {@code • [TIMEDOUT]} and {@code • [INTERRUPTED]} open
 * a failure block that lasts until the next separator and holds the message; {@code S [SKIPPING]}
 * (v1) and {@code S [SKIPPED]} (v2) open a skip block the same way.
 */
final class VerboseParser {

    /** What the parser reports. */
    interface Events {

        /** The suite's description, from {@code Running Suite: ...}. */
        default void suite(String description) {
        }

        /** A spec started; {@code name} is built from the header as upstream builds full names. */
        void started(String name, String location);

        /** The spec that started last ended. */
        void ended(Outcome outcome, String message, String details);

        /** Any line, after the events it caused. */
        default void line(String line) {
        }
    }

    /** How a spec ended. */
    enum Outcome { PASSED, FAILED, SKIPPED }

    static final String SEPARATOR = "------------------------------";
    private static final Pattern LOCATION = Pattern.compile("^\\s*\\S+:\\d+$");
    private static final Pattern WILL_RUN = Pattern.compile("^Will run \\d+ of \\d+ specs?$");
    private static final Pattern SKIP = Pattern.compile("^S* ?S \\[SKIPP(?:ING|ED)\\].*");
    private static final Pattern RAN = Pattern.compile("^Ran \\d+ of \\d+ Specs? in .*");
    private static final String[] FAILURE_WORDS = {"Failure", "Panic", "[FAILED]", "[PANICKED]", "[TIMEDOUT]",
        "[INTERRUPTED]"};

    private final Events events;
    private final List<String> header = new ArrayList<>();
    private boolean blockStart;
    private List<String> endBlock;
    private Outcome endOutcome;

    VerboseParser(Events events) {
        this.events = events;
    }

    void accept(String line) {
        if (endBlock != null) {
            if (line.equals(SEPARATOR) || RAN.matcher(line).matches()) {
                flushEnd();
            } else {
                endBlock.add(line);
                events.line(line);
                return;
            }
        }
        if (line.startsWith("Running Suite: ")) {
            String d = line.substring("Running Suite: ".length());
            int path = d.indexOf(" - /");
            events.suite(path >= 0 ? d.substring(0, path) : d);
        }
        if (line.equals(SEPARATOR) || WILL_RUN.matcher(line).matches()) {
            blockStart = true;
            header.clear();
            events.line(line);
            return;
        }
        String marks = stripSkipMarks(line);
        if (marks.startsWith("•")) {
            blockStart = false;
            if (isFailure(marks)) {
                endOutcome = Outcome.FAILED;
                endBlock = new ArrayList<>();
            } else {
                events.ended(Outcome.PASSED, "", "");
            }
            events.line(line);
            return;
        }
        if (SKIP.matcher(line).matches()) {
            blockStart = false;
            endOutcome = Outcome.SKIPPED;
            endBlock = new ArrayList<>();
            events.line(line);
            return;
        }
        // Kubernetes' JSON progress lines ({"msg":"PASSED ..."}) may stand between a separator and a header.
        if (blockStart && !line.isBlank() && !marks.isEmpty() && !line.startsWith("{\"msg\":")) {
            header.add(line);
            if (LOCATION.matcher(line).matches() && header.size() >= 2) {
                blockStart = false;
                String location = line.strip();
                if (header.size() == 2) {
                    events.started(header.get(0).stripLeading(), location);
                } else if (header.get(1).startsWith("  ")) {
                    events.started(header.get(0) + header.get(1).substring(2), location);
                }
                header.clear();
            } else if (header.size() >= 3) {
                blockStart = false;
                header.clear();
            }
        }
        events.line(line);
    }

    /** The output ended: a failure or skip block still open ends here. */
    void finish() {
        if (endBlock != null) {
            flushEnd();
        }
    }

    private void flushEnd() {
        List<String> block = endBlock;
        Outcome outcome = endOutcome;
        endBlock = null;
        endOutcome = null;
        events.ended(outcome, message(block), String.join("\n", block).strip());
    }

    /**
     * The message of a failure or skip block: the first paragraph after the repeated header (the
     * containers and the {@code It}, each with its location, up to the first blank line).
     */
    static String message(List<String> block) {
        int i = 0;
        while (i < block.size() && !block.get(i).isBlank()) {
            i++;
        }
        while (i < block.size() && block.get(i).isBlank()) {
            i++;
        }
        List<String> lines = new ArrayList<>();
        // v2 ends the message with "In [It] at: file.go:12", which is location, not message.
        while (i < block.size() && !block.get(i).isBlank() && !block.get(i).strip().startsWith("In [")) {
            lines.add(block.get(i).strip());
            i++;
        }
        String m = String.join("\n", lines);
        for (String prefix : new String[] {"[FAILED] ", "[PANICKED] ", "[SKIPPED] ", "[TIMEDOUT] "}) {
            if (m.startsWith(prefix)) {
                return m.substring(prefix.length());
            }
        }
        return m;
    }

    private static String stripSkipMarks(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == 'S') {
            i++;
        }
        return line.substring(i);
    }

    private static boolean isFailure(String marker) {
        // Only the marker itself: Kubernetes appends a JSON line with the spec's name, which may hold these words.
        int json = marker.indexOf('{');
        String m = json >= 0 ? marker.substring(0, json) : marker;
        for (String w : FAILURE_WORDS) {
            if (m.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
