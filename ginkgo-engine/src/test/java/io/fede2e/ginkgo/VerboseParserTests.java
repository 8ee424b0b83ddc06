package io.fede2e.ginkgo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fede2e.ginkgo.fakes.FakeE2eBinary;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The parser against output the real v1.20.2 e2e.test printed (fixtures under ginkgo/real-v1/). */
class VerboseParserTests {

    /** Kubernetes' own progress line, which carries the exact name upstream writes into its junit. */
    private static final Pattern PASSED_JSON = Pattern.compile("\\{\"msg\":\"PASSED (.*?)\",\"total\"");

    record Event(String kind, String text) {
    }

    static List<Event> parse(String output) {
        List<Event> events = new ArrayList<>();
        VerboseParser p = new VerboseParser(new VerboseParser.Events() {
            @Override
            public void suite(String description) {
                events.add(new Event("suite", description));
            }

            @Override
            public void started(String name, String location) {
                events.add(new Event("started", name));
            }

            @Override
            public void ended(VerboseParser.Outcome outcome, String message, String details) {
                events.add(new Event(outcome.name(), message));
            }
        });
        output.lines().forEach(p::accept);
        p.finish();
        return events;
    }

    static List<String> jsonNames(String output) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> names = new ArrayList<>();
        Matcher m = PASSED_JSON.matcher(output);
        while (m.find()) {
            names.add(json.readValue("\"" + m.group(1) + "\"", String.class));
        }
        return names;
    }

    @Nested
    class RealV1 {

        @Test
        void aDryRunListingGivesTheNamesUpstreamReportsIncludingDoubleSpacesAndQuotes() throws Exception {
            String out = FakeE2eBinary.resource("ginkgo/real-v1/dry-run-excerpt.txt");

            List<String> started = parse(out).stream().filter(e -> e.kind().equals("started")).map(Event::text).toList();

            assertThat(started).isEqualTo(jsonNames(out)).hasSizeGreaterThan(20)
                    .contains("[sig-storage] vcp at scale [Feature:vsphere]  vsphere scale tests");
        }

        @Test
        void aRunGivesEachSpecsStartAndEndInOrder() throws Exception {
            String out = FakeE2eBinary.resource("ginkgo/real-v1/run-output.txt");

            List<Event> events = parse(out);

            assertThat(events).first().isEqualTo(new Event("suite", "Kubernetes e2e suite"));
            List<String> names = jsonNames(out);
            assertThat(events.subList(1, events.size())).containsExactly(
                    new Event("started", names.get(0)), new Event("PASSED", ""),
                    new Event("started", names.get(1)), new Event("PASSED", ""),
                    new Event("started", names.get(2)), new Event("PASSED", ""));
        }
    }

    @Nested
    class Failures {

        @Test
        void aV1FailureBlockGivesItsMessage() {
            List<Event> events = parse(String.join("\n", VerboseParser.SEPARATOR, "[sig-x] Foo ", "  should work",
                    "  test/e2e/foo.go:12", "log line", "• Failure [3.001 seconds]", "[sig-x] Foo ", "  should work",
                    "  test/e2e/foo.go:12", "", "  Timed out after 3.000s.", "  Expected <bool>: false to be true",
                    "", "  test/e2e/foo.go:30", VerboseParser.SEPARATOR));

            assertThat(events).containsExactly(new Event("started", "[sig-x] Foo should work"),
                    new Event("FAILED", "Timed out after 3.000s.\nExpected <bool>: false to be true"));
        }

        @Test
        void aFailureBlockAsTheRealV1PrintsItGivesTheErrorNotTheRepeatedHeader() {
            List<Event> events = parse(String.join("\n", VerboseParser.SEPARATOR, "[sig-api-machinery] Garbage collector ",
                    "  should orphan pods [Conformance]", "  k8s.io/kubernetes/test/e2e/framework/framework.go:629",
                    "• Failure [0.057 seconds]", "[sig-api-machinery] Garbage collector",
                    "k8s.io/kubernetes/test/e2e/apimachinery/framework.go:23", "  should orphan pods [Conformance] [It]",
                    "  k8s.io/kubernetes/test/e2e/framework/framework.go:629", "",
                    "  Dec  7 12:23:50.402: Unexpected error:", "      there are currently no ready, schedulable nodes",
                    "  occurred", "", "  k8s.io/kubernetes/test/e2e/apimachinery/garbage_collector.go:57",
                    VerboseParser.SEPARATOR));

            assertThat(events).containsExactly(
                    new Event("started", "[sig-api-machinery] Garbage collector should orphan pods [Conformance]"),
                    new Event("FAILED", "Dec  7 12:23:50.402: Unexpected error:\n"
                            + "there are currently no ready, schedulable nodes\noccurred"));
        }

        @Test
        void aPassMarkerWhoseJsonNamesAFailureIsStillAPass() {
            List<Event> events = parse(String.join("\n", VerboseParser.SEPARATOR, "[sig-x] Foo ",
                    "  should report Failure and Panic", "  test/e2e/foo.go:12",
                    "•{\"msg\":\"PASSED [sig-x] Foo should report Failure and Panic\"}"));

            assertThat(events).extracting(Event::kind).containsExactly("started", "PASSED");
        }

        @Test
        void aFailureBlockCutShortByAKillStillEnds() {
            List<Event> events = parse(String.join("\n", VerboseParser.SEPARATOR, "[sig-x] Foo ", "  should work",
                    "  test/e2e/foo.go:12", "• Panic [0.1 seconds]", "[sig-x] Foo ", "  should work",
                    "  test/e2e/foo.go:12", "", "  runtime error"));

            assertThat(events).containsExactly(new Event("started", "[sig-x] Foo should work"),
                    new Event("FAILED", "runtime error"));
        }

        @Test
        void aHeaderAfterKubernetesProgressLineIsStillFound() {
            // As v1.20.2 prints after a Measure spec: its block ends, then the JSON line, then the next header.
            List<Event> events = parse(String.join("\n", "      Found no measurements", VerboseParser.SEPARATOR,
                    "{\"msg\":\"PASSED [sig-autoscaling] Autoscaling takes less than 15 minutes\",\"total\":1}",
                    "[sig-cli] Kubectl client Proxy server ", "  should support proxy with --port 0  [Conformance]",
                    "  k8s.io/kubernetes/test/e2e/framework/framework.go:629", "•"));

            assertThat(events).containsExactly(new Event("started",
                    "[sig-cli] Kubectl client Proxy server should support proxy with --port 0  [Conformance]"),
                    new Event("PASSED", ""));
        }

        @Test
        void logLinesThatLookLikeLocationsAreNoSpecHeader() {
            List<Event> events = parse(String.join("\n", VerboseParser.SEPARATOR, "[sig-x] Foo ", "  should work",
                    "  test/e2e/foo.go:12", "[BeforeEach] [sig-x] Foo", "  test/e2e/framework.go:174", "•"));

            assertThat(events).extracting(Event::kind).containsExactly("started", "PASSED");
        }
    }
}
