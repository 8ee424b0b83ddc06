package io.fede2e.runner.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.provider.api.realk8s.RealControlPlane;
import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream v1.20.2 {@code e2e.test} from {@code ../shared/k8s}, run by {@code fede2e run
 * --provider existing --suite upstream} against the real control plane of the same release, then
 * shown by the dashboard beside the same specs from another provider's bucket. Skipped, with the
 * reason, where {@code ../shared/k8s} or etcd is absent.
 */
class UpstreamRealClusterTests {

    /**
     * The API-level focus: 38 specs once Serial and Disruptive are skipped, of which the 2
     * Secrets specs "consumable from pods" / "via the environment" need a running pod (no kubelet
     * here: they wait 5 minutes and fail) and are skipped too. The other 36 must pass. One e2e.test
     * takes about 400 s for them, mostly waiting (2.5 s of CPU): 4 lanes take about a third.
     */
    static final String FOCUS = "\\[sig-api-machinery\\].*(ConfigMap|Secrets|Watchers|ResourceQuota"
            + "|CustomResourceDefinition|Garbage collector should orphan RS)";
    static final String SKIP = "\\[Serial\\]|\\[Disruptive\\]|Secrets should be consumable";
    static final int API_LEVEL_SPECS = 36;
    static final String PATCH = "[sig-api-machinery] Secrets should patch a secret [Conformance]";
    /** Upstream's name holds two spaces: the container text ends with one. */
    static final String CRD_LIST = "[sig-api-machinery] CustomResourceDefinition resources [Privileged:ClusterAdmin] "
            + "Simple CustomResourceDefinition listing custom resource definition objects works  [Conformance]";

    @TempDir
    Path cwd;

    @Test
    void listsThe311ConformanceSpecsOfV1202() {
        Path e2e = RealControlPlane.binDirectory().resolve("e2e.test");

        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "list-tests", "--suite", "upstream", "--e2e-binary",
                e2e.toString(), "--mode", "conformance");

        assertThat(o.exitCode()).as(o.err()).isZero();
        List<String> names = o.out().lines().toList();
        assertThat(names).hasSize(311).allMatch(n -> n.contains("[Conformance]")).contains(PATCH, CRD_LIST)
                .doesNotHaveDuplicates();
    }

    @Test
    void runsTheApiLevelSpecsAndTheDashboardLinesThemUpWithAnotherProvider() throws IOException {
        RealControlPlane cluster = RealControlPlane.shared();
        Path e2e = RealControlPlane.binDirectory().resolve("e2e.test");

        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--provider", "existing", "--kubeconfig",
                cluster.kubeconfig().toString(), "--suite", "upstream", "--e2e-binary", e2e.toString(),
                "--focus", FOCUS, "--skip", SKIP, "--parallel", "4");

        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("[PASS] " + PATCH, "[PASS] " + CRD_LIST);
        // The local run directory: the bucket holds the same files, gzipped by the upload.
        Path build = cwd.resolve("_output/runs/local-existing/1");
        assertThat(cwd.resolve("_output/bucket/logs/local-existing/1/artifacts/upstream/batch-01/e2e.log")).exists();
        List<TestCase> cases = JUnitReader.create().read(build.resolve("artifacts/junit_01.xml")).testCases();
        assertThat(cases).hasSize(API_LEVEL_SPECS).allSatisfy(c -> assertThat(c.status()).as(c.name() + ": " + c.message())
                .isEqualTo(TestStatus.PASSED));
        assertThat(cases).extracting(TestCase::name).contains(PATCH, CRD_LIST);
        // Four lanes of e2e.test processes at once (--parallel 4), each keeping its log and report.
        StringBuilder logs = new StringBuilder();
        for (int lane = 1; lane <= 4; lane++) {
            Path batch = build.resolve(String.format("artifacts/upstream/batch-%02d", lane));
            logs.append(Files.readString(batch.resolve("e2e.log")));
            assertThat(batch.resolve("ginkgo-junit_01.xml")).exists();
        }
        assertThat(logs).contains("STEP: patching the secret").contains("Will run 9 of 5667 specs");

        // The same specs from another provider, as upstream CI writes them.
        Path gce = cwd.resolve("_output/bucket/logs/ci-kubernetes-e2e-gce/7");
        Files.createDirectories(gce.resolve("artifacts"));
        long now = Instant.now().getEpochSecond();
        Files.writeString(gce.resolve("started.json"), "{\"timestamp\": " + (now - 3600)
                + ", \"metadata\": {\"provider\": \"gce\"}}");
        try (InputStream in = getClass().getResourceAsStream("/upstream/gce-build/junit_01.xml")) {
            Files.write(gce.resolve("artifacts/junit_01.xml"), in.readAllBytes());
        }
        Files.writeString(gce.resolve("finished.json"), "{\"timestamp\": " + (now - 3500)
                + ", \"passed\": false, \"result\": \"FAILURE\"}");

        CliHarness.Outcome d = CliHarness.run(cwd, Map.of(), "dashboard", "--source", "file://"
                + cwd.resolve("_output/bucket"), "--out", "site");

        assertThat(d.exitCode()).as(d.out() + d.err()).isZero();
        JsonNode matrix = new ObjectMapper().readTree(cwd.resolve("site/data/matrix.json").toFile());
        JsonNode patch = row(matrix, PATCH);
        assertThat(patch.get("providers").get("existing").get("latest").asText()).isEqualTo("PASS");
        assertThat(patch.get("providers").get("gce").get("latest").asText()).isEqualTo("FAIL");
        assertThat(patch.get("failsOnlyOn").toString()).contains("gce");
        assertThat(row(matrix, CRD_LIST).get("providers").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("existing", "gce");
        assertThat(Files.readString(cwd.resolve("site/matrix.html"), StandardCharsets.UTF_8))
                .contains(CRD_LIST);
    }

    private static JsonNode row(JsonNode matrix, String name) {
        for (JsonNode t : matrix.get("tests")) {
            if (t.get("test").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no matrix row named exactly " + name + " in " + matrix);
    }
}
