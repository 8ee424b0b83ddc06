package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The suite's own conventions, checked by discovery alone (no cluster). */
class SuiteConventionsTests {

    record Discovered(TestIdentifier id, Method method) {
    }

    static List<Discovered> tests = new ArrayList<>();

    @BeforeAll
    static void discover() throws Exception {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("io.fede2e.e2e.tests")).build());
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource source) {
                    tests.add(new Discovered(id, source.getJavaMethod()));
                }
            }
        }
    }

    @Test
    void thereAreAtLeastFortyTests() {
        assertThat(tests).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void everyTestIsAnE2eTestWithAUniqueKubernetesStyleName() {
        Set<String> names = new HashSet<>();
        assertThat(tests).allSatisfy(t -> {
            assertThat(t.method().isAnnotationPresent(E2eTest.class)).as("%s is an @E2eTest", t.method()).isTrue();
            String name = t.id().getDisplayName();
            // [k8s.io] is where Kubernetes 1.20 kept the node tests that mirror upstream ones (1.21 moved them).
            assertThat(name).matches("\\[(sig-(api-machinery|apps|node|network|scheduling|auth|scalability)|k8s\\.io)\\] "
                    + "[A-Za-z].*");
            // Every other bracketed word is a tag the test carries, as in Kubernetes' names.
            var brackets = java.util.regex.Pattern.compile("\\[([^\\]]+)\\]").matcher(name.substring(name.indexOf(']') + 1));
            while (brackets.find()) {
                assertThat(t.id().getTags()).extracting(tag -> tag.getName()).as("tags of %s", name)
                        .contains(brackets.group(1));
            }
            assertThat(names.add(t.id().getDisplayName())).as("unique: %s", t.id().getDisplayName()).isTrue();
        });
    }

    @Test
    void conformanceTestsCarryReleaseAndDescriptionAndTheirTagInTheName() {
        List<Discovered> conformance = tests.stream().filter(t -> t.method().isAnnotationPresent(Conformance.class))
                .toList();

        assertThat(conformance).hasSizeGreaterThanOrEqualTo(15);
        assertThat(conformance).allSatisfy(t -> {
            Conformance c = t.method().getAnnotation(Conformance.class);
            assertThat(c.release()).matches("v1\\.[0-9]+");
            assertThat(c.description()).contains("MUST").endsWith(".");
            assertThat(t.id().getDisplayName()).endsWith("[Conformance]");
            assertThat(t.id().getTags()).extracting(tag -> tag.getName()).contains("Conformance");
        });
        assertThat(tests).filteredOn(t -> t.id().getDisplayName().contains("[Conformance]"))
                .allSatisfy(t -> assertThat(t.method().isAnnotationPresent(Conformance.class)).isTrue());
    }

    /**
     * A {@code [Conformance]} test mirrors an upstream conformance test and carries its name exactly, so
     * that the dashboard lines our results up with upstream ones. The list was read from the upstream
     * binary: {@code e2e.test --ginkgo.dryRun --ginkgo.noColor --ginkgo.v --ginkgo.focus='.*'} (v1.20.2).
     */
    @Test
    void conformanceTestsCarryTheExactNameOfAnUpstreamConformanceTest() throws Exception {
        Set<String> upstream;
        try (var in = getClass().getResourceAsStream("/upstream-names/v1.20.2/conformance.txt")) {
            upstream = Set.copyOf(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
        }

        assertThat(tests).filteredOn(t -> t.id().getDisplayName().contains("[Conformance]"))
                .allSatisfy(t -> assertThat(upstream).as("upstream conformance names").contains(t.id().getDisplayName()));
    }

    @Test
    void testsThatChangeNodesRunAlone() throws Exception {
        for (Discovered t : tests) {
            String source = t.method().getDeclaringClass().getName();
            // A node change is made through Nodes.label/taint; such tests must be @Serial.
            if (t.method().getName().matches("onlyOnSelectedNodes|nodeSelectorMatching|taintsAndTolerations"
                    + "|scheduledWhenNodeAppears|scheduledWhenTaintRemoved|requestsDecidePlacement|density")) {
                assertThat(t.method().isAnnotationPresent(Serial.class)).as("%s.%s is @Serial", source,
                        t.method().getName()).isTrue();
                assertThat(t.id().getDisplayName()).contains("[Serial]");
            }
        }
    }
}
