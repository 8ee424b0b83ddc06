package io.fede2e.layout.junit;

import io.fede2e.layout.LayoutException;
import io.fede2e.layout.junit.JUnitFormatException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One pass over one JUnit document. Text is collected only inside elements that are kept
 * (result bodies, system-out/err, property text), straight from the parser's buffer into
 * builders reused from case to case, so most events cost no allocation at all.
 *
 * <p>Dialect rules, in one place:
 * <ul>
 *   <li>{@code <testsuites>} is a transparent wrapper at any level; {@code <testsuite>} inside
 *       {@code <testsuite>} becomes its own suite named {@code outer/inner}, in the order the
 *       suites start; a suite holding only other suites is not reported itself.</li>
 *   <li>Status comes from the result elements ({@code <failure>}, {@code <error>},
 *       {@code <skipped>}); without one, from Ginkgo v2's {@code status} attribute
 *       ({@code failed}, {@code timedout}, {@code aborted} fail; {@code panicked},
 *       {@code interrupted} err; {@code skipped}, {@code pending} skip); else passed.</li>
 *   <li>Ginkgo v2's {@code [It] } name prefix is removed; setup nodes ({@code [BeforeSuite]},
 *       {@code [SynchronizedBeforeSuite]}, {@code [ReportAfterSuite] ...}) keep their names.</li>
 *   <li>A skip reason is the {@code message} attribute, else the element's text (JUnit
 *       Platform and pytest write it there).</li>
 *   <li>Surefire's {@code <flakyFailure>}, {@code <flakyError>}, {@code <rerunFailure>},
 *       {@code <rerunError>}: every earlier failed attempt becomes its own failed (or errored)
 *       case, with the same name, before the case with the final status, and carries the
 *       property {@value #RERUN_PROPERTY} naming the element. So a flaky test reads as
 *       "failed, then passed" in one build, the way Ginkgo's flake attempts are reported.</li>
 *   <li>A second result element in one case (pytest: a failure and then a teardown error)
 *       keeps the first's message and type, the more severe status, and both bodies.</li>
 *   <li>{@code <system-out>}/{@code <system-err>} directly in a suite have no place in the
 *       model and are skipped unread.</li>
 * </ul>
 */
final class JUnitParser {

    /** The property marking a case built from a Surefire rerun element. */
    static final String RERUN_PROPERTY = "rerun";

    private static final int MAX_DEPTH = 256;

    // Roles of open elements, kept by depth so END_ELEMENT needs no name comparison.
    private static final int OTHER = 0;
    private static final int SUITES = 1;
    private static final int SUITE = 2;
    private static final int PROPERTIES = 3;
    private static final int PROPERTY = 4;
    private static final int CASE = 5;
    private static final int RESULT = 6;
    private static final int CASE_OUT = 7;
    private static final int CASE_ERR = 8;
    private static final int ATTEMPT = 9;
    private static final int ATTEMPT_TEXT = 10;
    private static final int ATTEMPT_OUT = 11;
    private static final int ATTEMPT_ERR = 12;

    private final XMLStreamReader r;
    private final String source;

    private final List<TestSuite> suites = new ArrayList<>();
    private final List<SuiteBuilder> openSuites = new ArrayList<>();
    private int[] roles = new int[32];
    private int depth;

    /** Where text goes now; null when the current element's text is not kept. */
    private TextBuffer target;

    // The open case; the builders are reused from case to case.
    private boolean inCase;
    private String caseName;
    private String caseClass;
    private double caseTime;
    private String caseStatusAttr;
    private TestStatus caseStatus;
    private String caseMessage;
    private String caseType;
    private boolean resultSeen;
    private boolean skipMessageFromBody;
    private int resultMark;
    private final TextBuffer details;
    private final TextBuffer out;
    private final TextBuffer err;
    private TreeMap<String, String> caseProperties;
    private List<Attempt> attempts;
    private Attempt attempt;

    // The open property whose value is its text.
    private String propertyName;
    private final TextBuffer propertyText;

    /** Characters kept per text or attribute; more is cut with a note. */
    private final int maxText;

    JUnitParser(XMLStreamReader r, String source, int maxText) {
        this.r = r;
        this.source = source;
        this.maxText = maxText;
        details = new TextBuffer(256, maxText);
        out = new TextBuffer(256, maxText);
        err = new TextBuffer(256, maxText);
        propertyText = new TextBuffer(32, maxText);
    }

    JUnitReport parse() throws XMLStreamException {
        boolean sawRoot = false;
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (depth == 0) {
                        checkRoot(sawRoot);
                        sawRoot = true;
                    }
                    start();
                }
                case XMLStreamConstants.END_ELEMENT -> end();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (target != null) {
                        target.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.DTD -> throw new JUnitFormatException(Kind.FORBIDDEN_DTD, source,
                        "has a DOCTYPE (a DTD, possibly declaring entities): refused before any entity is"
                                + " expanded or fetched, as JUnit XML never needs one; remove the DOCTYPE", null);
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new JUnitFormatException(Kind.FORBIDDEN_DTD,
                        source, "references the undeclared entity '" + LayoutException.printable(r.getLocalName())
                        + "': refused unexpanded", null);
                default -> {
                    // comments, processing instructions, the document start and end
                }
            }
        }
        if (!sawRoot) {
            throw notJunit("has no root element");
        }
        return new JUnitReport(suites.stream().filter(Objects::nonNull).toList());
    }

    private void checkRoot(boolean sawRoot) {
        String name = r.getLocalName();
        if (sawRoot || !(name.equals("testsuites") || name.equals("testsuite"))) {
            throw notJunit("has the root element <" + LayoutException.printable(name)
                    + ">, not <testsuites> or <testsuite>");
        }
    }

    private JUnitFormatException notJunit(String what) {
        return new JUnitFormatException(Kind.MALFORMED, source,
                what + ": not a JUnit XML file; point the reader at JUnit results only", null);
    }

    private void start() {
        int parent = depth == 0 ? SUITES : roles[depth];
        depth++;
        if (depth >= MAX_DEPTH) {
            throw new JUnitFormatException(Kind.MALFORMED, source, "nests elements more than " + MAX_DEPTH
                    + " deep: not a JUnit XML file", null);
        }
        if (depth == roles.length) {
            roles = Arrays.copyOf(roles, roles.length * 2);
        }
        roles[depth] = role(parent, r.getLocalName());
    }

    private int role(int parent, String name) {
        switch (parent) {
            case SUITES, SUITE -> {
                switch (name) {
                    case "testcase" -> {
                        startCase();
                        return CASE;
                    }
                    case "testsuite" -> {
                        startSuite(false);
                        return SUITE;
                    }
                    case "testsuites" -> {
                        startSuite(true);
                        return SUITES;
                    }
                    case "properties" -> {
                        return PROPERTIES;
                    }
                    default -> {
                        return OTHER;
                    }
                }
            }
            case CASE -> {
                switch (name) {
                    case "failure" -> {
                        startResult(TestStatus.FAILED);
                        return RESULT;
                    }
                    case "error" -> {
                        startResult(TestStatus.ERROR);
                        return RESULT;
                    }
                    case "skipped" -> {
                        startResult(TestStatus.SKIPPED);
                        return RESULT;
                    }
                    case "system-out" -> {
                        target = out;
                        return CASE_OUT;
                    }
                    case "system-err" -> {
                        target = err;
                        return CASE_ERR;
                    }
                    case "properties" -> {
                        return PROPERTIES;
                    }
                    case "flakyFailure", "rerunFailure" -> {
                        startAttempt(name, TestStatus.FAILED);
                        return ATTEMPT;
                    }
                    case "flakyError", "rerunError" -> {
                        startAttempt(name, TestStatus.ERROR);
                        return ATTEMPT;
                    }
                    default -> {
                        return OTHER;
                    }
                }
            }
            case PROPERTIES -> {
                if (name.equals("property")) {
                    startProperty();
                    return PROPERTY;
                }
                return OTHER;
            }
            case ATTEMPT -> {
                switch (name) {
                    case "stackTrace" -> {
                        target = attempt.details;
                        return ATTEMPT_TEXT;
                    }
                    case "system-out" -> {
                        target = attempt.out;
                        return ATTEMPT_OUT;
                    }
                    case "system-err" -> {
                        target = attempt.err;
                        return ATTEMPT_ERR;
                    }
                    default -> {
                        return OTHER;
                    }
                }
            }
            default -> {
                return OTHER;
            }
        }
    }

    private void end() {
        int role = roles[depth];
        switch (role) {
            case SUITES, SUITE -> endSuite();
            case CASE -> endCase();
            case RESULT -> endResult();
            case PROPERTY -> endProperty();
            case CASE_OUT, CASE_ERR, ATTEMPT -> target = null;
            case ATTEMPT_TEXT, ATTEMPT_OUT, ATTEMPT_ERR -> target = attempt.details;
            default -> {
                // nothing kept
            }
        }
        depth--;
    }

    // ---- suites

    /** Opens a suite; a wrapper ({@code <testsuites>}) is reported only if cases sit right in it. */
    private void startSuite(boolean wrapper) {
        SuiteBuilder parent = null;
        for (int i = openSuites.size() - 1; i >= 0; i--) {
            if (!openSuites.get(i).wrapper) {
                parent = openSuites.get(i);
                break;
            }
        }
        if (!openSuites.isEmpty()) {
            openSuites.get(openSuites.size() - 1).hasChildSuites = true;
        }
        String name = attr("name");
        if (name == null) {
            name = "";
        }
        if (!wrapper && parent != null && !parent.name.isEmpty()) {
            name = parent.name + "/" + name;
        }
        String time = attr("time");
        SuiteBuilder s = new SuiteBuilder(name, wrapper, suites.size(),
                time == null ? Double.NaN : JUnitParser.seconds(time), attr("timestamp"));
        // The slot keeps suites in the order they start, though inner ones end first.
        suites.add(null);
        openSuites.add(s);
    }

    private void endSuite() {
        SuiteBuilder s = openSuites.remove(openSuites.size() - 1);
        boolean report = !s.cases.isEmpty() || (!s.wrapper && !s.hasChildSuites);
        if (report) {
            double time = s.time;
            if (Double.isNaN(time)) {
                time = 0;
                for (TestCase c : s.cases) {
                    time += c.timeSeconds();
                }
            }
            suites.set(s.slot, new TestSuite(s.name, time, s.timestamp, s.properties, s.cases));
        }
    }

    // ---- cases

    private void startCase() {
        inCase = true;
        String name = attr("name");
        if (name == null) {
            name = "";
        } else if (name.startsWith("[It] ")) {
            name = name.substring(5);
        }
        caseName = name;
        caseClass = attr("classname");
        String time = attr("time");
        caseTime = time == null ? 0 : seconds(time);
        caseStatusAttr = attr("status");
        caseStatus = TestStatus.PASSED;
        caseMessage = null;
        caseType = null;
        resultSeen = false;
        details.setLength(0);
        out.setLength(0);
        err.setLength(0);
        caseProperties = null;
        attempts = null;
    }

    private void endCase() {
        TestStatus status = resultSeen ? caseStatus : statusFromAttribute(caseStatusAttr);
        SuiteBuilder suite = openSuites.get(openSuites.size() - 1);
        Map<String, String> properties = caseProperties == null ? Map.of() : caseProperties;
        if (attempts != null) {
            for (Attempt a : attempts) {
                TreeMap<String, String> p = new TreeMap<>(properties);
                p.put(RERUN_PROPERTY, a.element);
                suite.cases.add(new TestCase(caseName, caseClass, a.time, a.status, a.message, a.type,
                        a.details.toString(), a.out.toString(), a.err.toString(), p));
            }
        }
        suite.cases.add(new TestCase(caseName, caseClass, caseTime, status, caseMessage, caseType,
                details.toString(), out.toString(), err.toString(), properties));
        inCase = false;
        target = null;
    }

    static TestStatus statusFromAttribute(String status) {
        if (status == null) {
            return TestStatus.PASSED;
        }
        return switch (status) {
            case "failed", "failure", "timedout", "aborted", "fail" -> TestStatus.FAILED;
            case "panicked", "interrupted", "error", "errored" -> TestStatus.ERROR;
            case "skipped", "pending", "disabled", "notrun", "ignored", "skip" -> TestStatus.SKIPPED;
            default -> TestStatus.PASSED;
        };
    }

    private void startResult(TestStatus status) {
        String message = attr("message");
        if (!resultSeen) {
            resultSeen = true;
            caseStatus = status;
            caseMessage = message;
            caseType = attr("type");
            skipMessageFromBody = status == TestStatus.SKIPPED && message == null;
        } else {
            if (severity(status) > severity(caseStatus)) {
                caseStatus = status;
            }
            skipMessageFromBody = false;
            if (details.length() > 0) {
                details.append('\n');
            }
        }
        resultMark = details.length();
        target = details;
    }

    private void endResult() {
        if (skipMessageFromBody) {
            caseMessage = details.substring(resultMark).strip();
            details.setLength(resultMark);
            skipMessageFromBody = false;
        }
        target = null;
    }

    private static int severity(TestStatus s) {
        return switch (s) {
            case PASSED -> 0;
            case SKIPPED -> 1;
            case FAILED -> 2;
            case ERROR -> 3;
        };
    }

    private void startAttempt(String element, TestStatus status) {
        String time = attr("time");
        attempt = new Attempt(element, status, attr("message"), attr("type"), time == null ? 0 : seconds(time),
                maxText);
        if (attempts == null) {
            attempts = new ArrayList<>(2);
        }
        attempts.add(attempt);
        // Older Surefire writes the stack trace as the element's text, newer in <stackTrace>.
        target = attempt.details;
    }

    // ---- properties

    private void startProperty() {
        String name = attr("name");
        String value = attr("value");
        if (name == null) {
            return;
        }
        if (value != null) {
            putProperty(name, value);
        } else {
            propertyName = name;
            propertyText.setLength(0);
            target = propertyText;
        }
    }

    private void endProperty() {
        if (propertyName != null) {
            putProperty(propertyName, propertyText.toString().strip());
            propertyName = null;
            // a property sits in <properties>, where no text is kept
            target = null;
        }
    }

    private void putProperty(String name, String value) {
        if (inCase) {
            if (caseProperties == null) {
                caseProperties = new TreeMap<>();
            }
            caseProperties.put(name, value);
        } else if (!openSuites.isEmpty()) {
            SuiteBuilder s = openSuites.get(openSuites.size() - 1);
            if (s.properties == null) {
                s.properties = new TreeMap<>();
            }
            s.properties.put(name, value);
        }
    }

    // ---- helpers

    private String attr(String name) {
        String value = r.getAttributeValue(null, name);
        // the parser has read the attribute whole (bounded by the file's limit); what is kept is cut
        return value == null || value.length() <= maxText ? value
                : value.substring(0, maxText) + TextBuffer.cutNote(maxText);
    }

    /**
     * A duration attribute in seconds: {@code 1.5}, {@code 1,5} (some locales),
     * {@code 1,234.5} (old Surefire); anything unreadable, negative or infinite is 0.
     */
    static double seconds(String text) {
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            String t = text.strip();
            t = t.indexOf('.') >= 0 ? t.replace(",", "") : t.replace(',', '.');
            try {
                d = Double.parseDouble(t);
            } catch (NumberFormatException e2) {
                return 0;
            }
        }
        return Double.isFinite(d) && d > 0 ? d : 0;
    }

    private static final class SuiteBuilder {
        final String name;
        final boolean wrapper;
        final int slot;
        final double time;
        final String timestamp;
        final List<TestCase> cases = new ArrayList<>();
        TreeMap<String, String> properties;
        boolean hasChildSuites;

        SuiteBuilder(String name, boolean wrapper, int slot, double time, String timestamp) {
            this.name = name;
            this.wrapper = wrapper;
            this.slot = slot;
            this.time = time;
            this.timestamp = timestamp;
        }
    }

    private static final class Attempt {
        final String element;
        final TestStatus status;
        final String message;
        final String type;
        final double time;
        final TextBuffer details;
        final TextBuffer out;
        final TextBuffer err;

        Attempt(String element, TestStatus status, String message, String type, double time, int maxText) {
            details = new TextBuffer(256, maxText);
            out = new TextBuffer(64, maxText);
            err = new TextBuffer(64, maxText);
            this.element = element;
            this.status = status;
            this.message = message;
            this.type = type;
            this.time = time;
        }
    }
}
