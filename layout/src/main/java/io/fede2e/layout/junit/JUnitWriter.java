package io.fede2e.layout.junit;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Writes JUnit XML in the Kubernetes dialect (junit_01.xml, junit_runner.xml): a
 * {@code <testsuites>} root with {@code tests}, {@code failures}, {@code errors},
 * {@code disabled}, {@code time} totals, one {@code <testsuite>} per suite, UTF-8 and '\n'.
 *
 * <p>The output is deterministic: the same report gives the same bytes. Text that XML 1.0
 * cannot carry (control characters such as the ANSI escapes of colored test output, lone
 * surrogates, U+FFFE/U+FFFF) is replaced by U+FFFD, as Go's encoding/xml does for kubetest2
 * and Ginkgo, so the file always parses. Line ends and tabs inside attributes are written as
 * character references so that messages keep them. What the dialect has no place for is not
 * written: the message and body of a passed case.
 */
public final class JUnitWriter {

    private static final char REPLACEMENT = '\uFFFD';

    private JUnitWriter() {
    }

    /** Writes {@code report} to {@code out}, which stays open. */
    public static void write(JUnitReport report, OutputStream out) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(out, "out");
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(new NonClosing(out), StandardCharsets.UTF_8), 1 << 16);
            new Emitter(w).report(report);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    /** The bytes of {@code report}. */
    public static byte[] toBytes(JUnitReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(report, out);
        return out.toByteArray();
    }

    /** Seconds as written: the shortest decimal that reads back as the same double; 0 if unusable. */
    static String seconds(double value) {
        if (!Double.isFinite(value) || value <= 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A sum of seconds, rounded to microseconds so that float noise stays out of the file. */
    static String total(double value) {
        if (!Double.isFinite(value) || value <= 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static final class Emitter {
        private final Writer w;

        Emitter(Writer w) {
            this.w = w;
        }

        void report(JUnitReport report) throws IOException {
            long tests = 0;
            long failures = 0;
            long errors = 0;
            double time = 0;
            for (TestSuite s : report.suites()) {
                tests += s.testCases().size();
                failures += s.count(TestStatus.FAILED);
                errors += s.count(TestStatus.ERROR);
                if (Double.isFinite(s.timeSeconds()) && s.timeSeconds() > 0) {
                    time += s.timeSeconds();
                }
            }
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
            attr("tests", Long.toString(tests));
            attr("failures", Long.toString(failures));
            attr("errors", Long.toString(errors));
            attr("disabled", "0");
            attr("time", total(time));
            w.write(">\n");
            for (TestSuite s : report.suites()) {
                suite(s);
            }
            w.write("</testsuites>\n");
        }

        private void suite(TestSuite s) throws IOException {
            w.write("  <testsuite");
            attr("name", s.name());
            attr("tests", Integer.toString(s.testCases().size()));
            attr("failures", Long.toString(s.count(TestStatus.FAILED)));
            attr("errors", Long.toString(s.count(TestStatus.ERROR)));
            attr("skipped", Long.toString(s.count(TestStatus.SKIPPED)));
            attr("disabled", "0");
            attr("time", seconds(s.timeSeconds()));
            if (!s.timestamp().isEmpty()) {
                attr("timestamp", s.timestamp());
            }
            w.write(">\n");
            properties(s.properties(), "    ");
            for (TestCase c : s.testCases()) {
                testCase(c);
            }
            w.write("  </testsuite>\n");
        }

        private void properties(Map<String, String> properties, String indent) throws IOException {
            if (properties.isEmpty()) {
                return;
            }
            w.write(indent);
            w.write("<properties>\n");
            for (Map.Entry<String, String> p : properties.entrySet()) {
                w.write(indent);
                w.write("  <property");
                attr("name", p.getKey());
                attr("value", p.getValue());
                w.write("></property>\n");
            }
            w.write(indent);
            w.write("</properties>\n");
        }

        private void testCase(TestCase c) throws IOException {
            w.write("    <testcase");
            attr("name", c.name());
            attr("classname", c.className());
            attr("time", seconds(c.timeSeconds()));
            boolean empty = c.properties().isEmpty() && c.status() == TestStatus.PASSED
                    && c.systemOut().isEmpty() && c.systemErr().isEmpty();
            if (empty) {
                w.write("></testcase>\n");
                return;
            }
            w.write(">\n");
            properties(c.properties(), "      ");
            switch (c.status()) {
                case FAILED -> result("failure", c);
                case ERROR -> result("error", c);
                case SKIPPED -> result("skipped", c);
                case PASSED -> {
                    // the dialect has no element for a pass
                }
            }
            textElement("system-out", c.systemOut());
            textElement("system-err", c.systemErr());
            w.write("    </testcase>\n");
        }

        private void result(String element, TestCase c) throws IOException {
            w.write("      <");
            w.write(element);
            // Always written, even empty, so that a reader takes the body for details.
            attr("message", c.message());
            if (!c.failureType().isEmpty()) {
                attr("type", c.failureType());
            }
            w.write('>');
            text(c.details());
            w.write("</");
            w.write(element);
            w.write(">\n");
        }

        private void textElement(String element, String text) throws IOException {
            if (text.isEmpty()) {
                return;
            }
            w.write("      <");
            w.write(element);
            w.write('>');
            text(text);
            w.write("</");
            w.write(element);
            w.write(">\n");
        }

        private void attr(String name, String value) throws IOException {
            w.write(' ');
            w.write(name);
            w.write("=\"");
            escape(value, true);
            w.write('"');
        }

        private void text(String value) throws IOException {
            escape(value, false);
        }

        private void escape(String s, boolean attribute) throws IOException {
            int n = s.length();
            int from = 0;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                String rep;
                if (c >= 0x20 && c < 0xD800 && c != '<' && c != '>' && c != '&' && c != '"') {
                    continue;
                }
                switch (c) {
                    case '<' -> rep = "&lt;";
                    case '>' -> rep = "&gt;";
                    case '&' -> rep = "&amp;";
                    case '"' -> rep = attribute ? "&quot;" : null;
                    case '\n' -> rep = attribute ? "&#10;" : null;
                    case '\t' -> rep = attribute ? "&#9;" : null;
                    // a parser turns a raw CR (or CRLF) into LF; the reference keeps it
                    case '\r' -> rep = "&#13;";
                    default -> {
                        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                            rep = String.valueOf(REPLACEMENT);
                        } else if (Character.isHighSurrogate(c)) {
                            if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                                i++;
                                rep = null;
                            } else {
                                rep = String.valueOf(REPLACEMENT);
                            }
                        } else if (Character.isLowSurrogate(c)) {
                            rep = String.valueOf(REPLACEMENT);
                        } else {
                            rep = null;
                        }
                    }
                }
                if (rep != null) {
                    w.write(s, from, i - from);
                    w.write(rep);
                    from = i + 1;
                }
            }
            w.write(s, from, n - from);
        }
    }

    /** Keeps the caller's stream open when the writer chain is flushed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
