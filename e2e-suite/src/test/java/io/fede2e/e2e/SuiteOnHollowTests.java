package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fede2e.e2e.fakes.SuiteRun;
import io.fede2e.e2e.fakes.SuiteRun.Outcome;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterProviders;
import io.fede2e.provider.api.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole suite against the hollow provider, as CI runs it: every test either passes or is skipped
 * because hollow lacks a capability it needs.
 */
class SuiteOnHollowTests {

    /** Tags that must also appear in brackets in the display name, as Kubernetes writes them. */
    static final Pattern BRACKETED_TAG = Pattern.compile("Conformance|Serial|Slow|Disruptive|Flaky|Feature:.+");

    @TempDir
    static Path dir;

    static ClusterProvider provider;
    static List<Outcome> outcomes;
    static Set<String> capabilities;

    @BeforeAll
    static void runTheSuite() {
        List<ClusterProviderFactory> installed = ClusterProviders.installed(SuiteOnHollowTests.class.getClassLoader());
        ClusterProviderFactory hollow = ClusterProviders.find(installed, "hollow")
                .orElseThrow(() -> new AssertionError("provider hollow not found among " + installed));
        provider = hollow.create();
        provider.up(new ClusterSpec("e2e-suite", 3, "v1.33.0", Map.of("pod-startup-delay", "50ms",
                "job-duration", "200ms")));
        capabilities = provider.capabilities().stream().map(Capability::name).collect(Collectors.toSet());
        outcomes = SuiteRun.packageOf(Map.of(
                "fede2e.kubeconfig", provider.kubeconfig().toString(),
                "fede2e.capabilities", String.join(",", capabilities),
                "fede2e.provider", provider.name(),
                "fede2e.artifacts", dir.resolve("artifacts").toString(),
                "fede2e.runId", "suite-on-hollow",
                // A test that hangs on hollow fails after a minute instead of stalling the build.
                "junit.jupiter.execution.timeout.testable.method.default", "60s"), "io.fede2e.e2e.tests");
        outcomes.forEach(o -> System.out.printf("%-10s %6dms %s%s%n", o.status(), o.time().toMillis(), o.displayName(),
                o.message() == null ? "" : "\n           " + o.message()));
    }

    @AfterAll
    static void tearDown() {
        if (provider != null) {
            provider.down();
        }
    }

    @Test
    void noTestFails() {
        assertThat(outcomes).filteredOn(o -> !o.status().equals("SUCCESSFUL") && !o.status().equals("SKIPPED"))
                .as("tests that failed on hollow").extracting(o -> o.displayName() + ": " + o.message()
                        + (o.stdout().isEmpty() ? "" : "\n" + o.stdout()))
                .isEmpty();
    }

    /**
     * Every test of the suite was run (none is left out of the hollow run any more: the list of known
     * hollow gaps, whose check could not fail while it was empty, was removed with issue 14).
     */
    @Test
    void everyTestOfTheSuiteRan() {
        assertThat(outcomes).extracting(Outcome::displayName)
                .containsAll(SuiteRun.discover("io.fede2e.e2e.tests"));
    }

    @Test
    void atLeastFortyTestsRan() {
        assertThat(outcomes).filteredOn(o -> o.status().equals("SUCCESSFUL")).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void testsNeedingWhatHollowLacksAreSkippedWithTheReason() {
        List<Outcome> skipped = outcomes.stream().filter(o -> o.status().equals("SKIPPED")).toList();

        assertThat(skipped).extracting(Outcome::className).contains(
                "io.fede2e.e2e.tests.node.ContainerRuntimeTests", "io.fede2e.e2e.tests.network.DnsTests",
                "io.fede2e.e2e.tests.network.NetworkingTests", "io.fede2e.e2e.tests.auth.RbacTests");
        assertThat(skipped).allSatisfy(o -> {
            assertThat(o.skipReason()).matches("requires capabilit(y|ies) [a-z, -]+, which provider hollow does not offer");
            for (String needed : o.skipReason().replaceAll("^requires capabilit(y|ies) |, which.*$", "").split(", ")) {
                assertThat(capabilities).as("skipped for %s", needed).doesNotContain(needed);
            }
        });
    }

    @Test
    void namesFollowKubernetes() {
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.displayName()).matches("\\[(sig-[a-z-]+|k8s\\.io)\\] \\S.*");
            for (String tag : o.tags()) {
                if (BRACKETED_TAG.matcher(tag).matches()) {
                    assertThat(o.displayName()).as("name of a test tagged %s", tag).contains("[" + tag + "]");
                }
            }
        });
    }

    @Test
    void densityPublishesLatenciesAsEntriesAndAsJson() throws Exception {
        Outcome density = outcomes.stream().filter(o -> o.displayName().startsWith("[sig-scalability] Density"))
                .findFirst().orElseThrow();

        assertThat(density.entries()).containsKeys("pod_startup_p50_ms", "pod_startup_p90_ms", "pod_startup_p99_ms",
                "saturation_pod_startup_p50_ms", "saturation_pod_startup_p99_ms",
                "api_post_pods_p99_ms", "api_get_pods_p50_ms", "api_list_pods_p90_ms", "api_delete_pods_p99_ms");
        assertThat(Integer.parseInt(density.entries().get("pods"))).isEqualTo(3 * 30);
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("artifacts/metrics/density.json")));
        assertThat(json.get("version").asText()).isEqualTo("v1");
        assertThat(json.get("dataItems").get(0).get("labels").get("Metric").asText()).isEqualTo("pod_startup");
        assertThat(json.get("dataItems").get(0).get("labels").get("Count").asText()).isEqualTo("10");
        assertThat(json.get("dataItems").get(1).get("labels").get("Metric").asText()).isEqualTo("saturation_pod_startup");
        assertThat(json.get("dataItems").get(1).get("labels").get("Count").asText()).isEqualTo("90");
        assertThat(json.get("facts").get("provider").asText()).isEqualTo("hollow");
    }
}
