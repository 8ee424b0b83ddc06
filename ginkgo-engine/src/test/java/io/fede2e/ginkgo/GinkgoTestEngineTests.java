package io.fede2e.ginkgo;

import static io.fede2e.ginkgo.fakes.MixedSpecs.DISRUPTIVE;
import static io.fede2e.ginkgo.fakes.MixedSpecs.DOUBLE_SPACE;
import static io.fede2e.ginkgo.fakes.MixedSpecs.FAILS;
import static io.fede2e.ginkgo.fakes.MixedSpecs.PATCH;
import static io.fede2e.ginkgo.fakes.MixedSpecs.PATCH_LONGER;
import static io.fede2e.ginkgo.fakes.MixedSpecs.QUOTED;
import static io.fede2e.ginkgo.fakes.MixedSpecs.SERIAL;
import static io.fede2e.ginkgo.fakes.MixedSpecs.SKIPS;
import static io.fede2e.ginkgo.fakes.MixedSpecs.TOP_LEVEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.fede2e.ginkgo.fakes.FakeE2eBinary;
import io.fede2e.ginkgo.fakes.MixedSpecs;
import io.fede2e.ginkgo.fakes.RecordingListener;
import io.fede2e.ginkgo.fakes.RecordingListener.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class GinkgoTestEngineTests {

    @TempDir
    Path tmp;

    final Launcher launcher = LauncherFactory.create();

    Map<String, String> params(FakeE2eBinary bin) {
        Map<String, String> p = new HashMap<>();
        p.put(Settings.BINARY, bin.path().toString());
        p.put(Settings.ARTIFACTS, tmp.resolve("artifacts").toString());
        p.put(Settings.KUBECONFIG, tmp.resolve("kubeconfig").toString());
        return p;
    }

    TestPlan discover(Map<String, String> params, DiscoverySelector... selectors) {
        return launcher.discover(request(params, selectors));
    }

    LauncherDiscoveryRequest request(Map<String, String> params, DiscoverySelector... selectors) {
        return LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .filters(EngineFilter.includeEngines(GinkgoTestEngine.ID)).configurationParameters(params)
                .listeners(new LauncherDiscoveryListener() { }).build();
    }

    static List<TestIdentifier> tests(TestPlan plan) {
        return plan.getRoots().stream().flatMap(r -> plan.getDescendants(r).stream()).filter(TestIdentifier::isTest)
                .toList();
    }

    RecordingListener execute(Map<String, String> params, DiscoverySelector... selectors) {
        return execute(params, CancellationToken.create(), selectors);
    }

    RecordingListener execute(Map<String, String> params, CancellationToken token, DiscoverySelector... selectors) {
        RecordingListener listener = new RecordingListener();
        TestPlan plan = discover(params, selectors);
        launcher.execute(LauncherExecutionRequestBuilder.request(plan).listeners(listener).cancellationToken(token)
                .build());
        return listener;
    }

    @Nested
    class Discovery {

        @Test
        void listsEverySpecOfAGinkgoV1BinaryByItsExactUpstreamName() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);

            List<TestIdentifier> tests = tests(discover(params(bin)));

            assertThat(tests).extracting(TestIdentifier::getDisplayName).containsExactlyElementsOf(MixedSpecs.ALL);
            assertThat(bin.calls()).singleElement().asString()
                    .contains("--ginkgo.dryRun", "--ginkgo.noColor", "--ginkgo.v", "--ginkgo.focus=.*");
        }

        @Test
        void listsAGinkgoV2BinaryWithItsListTests() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 2);

            List<TestIdentifier> tests = tests(discover(params(bin)));

            assertThat(tests).extracting(TestIdentifier::getDisplayName).containsExactlyElementsOf(MixedSpecs.ALL);
            assertThat(bin.calls()).containsExactly("--list-tests");
        }

        @Test
        void fallsBackToTheV2DryRunWhereABinaryHasNoListTests() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 2).with("no-list-tests");

            List<TestIdentifier> tests = tests(discover(params(bin)));

            assertThat(tests).extracting(TestIdentifier::getDisplayName).containsExactlyElementsOf(MixedSpecs.ALL);
            assertThat(bin.calls()).containsExactly("--list-tests", "--ginkgo.dry-run --ginkgo.v --ginkgo.no-color");
        }

        @Test
        void tagsEachSpecWithTheTextsOfItsBrackets() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);

            Map<String, TestIdentifier> byName = new HashMap<>();
            tests(discover(params(bin))).forEach(t -> byName.put(t.getDisplayName(), t));

            assertThat(byName.get(DISRUPTIVE).getTags()).extracting(TestTag::getName)
                    .containsExactlyInAnyOrder("k8s.io", "Disruptive", "Feature:Reboot", "Conformance");
            assertThat(byName.get(PATCH).getTags()).extracting(TestTag::getName)
                    .containsExactlyInAnyOrder("sig-api-machinery", "Conformance");
            assertThat(byName.get(TOP_LEVEL).getTags()).isEmpty();
        }

        @Test
        void selectsNothingWithoutABinary() {
            TestPlan plan = discover(Map.of());

            assertThat(tests(plan)).isEmpty();
        }

        @Test
        void narrowsToTheSpecsOfItsUniqueIdSelectors() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);
            TestIdentifier fails = tests(discover(params(bin))).stream()
                    .filter(t -> t.getDisplayName().equals(FAILS)).findFirst().orElseThrow();

            List<TestIdentifier> tests = tests(discover(params(bin), selectUniqueId(fails.getUniqueId())));

            assertThat(tests).extracting(TestIdentifier::getDisplayName).containsExactly(FAILS);
        }

        @Test
        void ignoresUniqueIdSelectorsOfOtherEngines() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);

            List<TestIdentifier> tests = tests(discover(params(bin),
                    selectUniqueId("[engine:junit-jupiter]/[class:x.Y]/[method:z()]")));

            assertThat(tests).isEmpty();
            assertThat(bin.calls()).isEmpty();
        }
    }

    @Nested
    class BadBinaries {

        GinkgoException discoveryError(Path binary) {
            LauncherDiscoveryRequest r = LauncherDiscoveryRequestBuilder.request()
                    .filters(EngineFilter.includeEngines(GinkgoTestEngine.ID))
                    .configurationParameters(Map.of(Settings.BINARY, binary.toString())).build();
            // JUnit 6 throws it from discover(), wrapped; the runner unwraps it for its one-line error.
            Throwable thrown = catchThrowable(() -> launcher.discover(r));
            assertThat(thrown).hasMessage("TestEngine with ID 'ginkgo' failed to discover tests")
                    .cause().isInstanceOf(GinkgoException.class);
            return (GinkgoException) thrown.getCause();
        }

        @Test
        void aScriptWithoutGinkgoIsRefusedBeforeItRuns() throws Exception {
            Path script = tmp.resolve("e2e.test");
            Files.writeString(script, FakeE2eBinary.resource("ginkgo/not-ginkgo/e2e.test"));
            script.toFile().setExecutable(true);

            assertThat(discoveryError(script)).hasMessage("--e2e-binary " + script + " is not a Ginkgo e2e binary (no "
                    + "github.com/onsi/ginkgo inside); expected e2e.test from the kubernetes-test tarball");
        }

        @Test
        void aMissingFileIsNamed() {
            Path missing = tmp.resolve("nowhere/e2e.test");

            assertThat(discoveryError(missing).getMessage()).startsWith("--e2e-binary " + missing + " does not exist")
                    .doesNotContain("\n");
        }

        @Test
        void aFileThatIsNotExecutableIsNamed() throws Exception {
            Path plain = tmp.resolve("e2e.test");
            Files.writeString(plain, "github.com/onsi/ginkgo/");

            assertThat(discoveryError(plain).getMessage()).startsWith("--e2e-binary " + plain + " is not executable");
        }

        @Test
        void aListingThatCannotBeReadSaysSoInOneLine() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "broken-listing", 1);

            assertThat(discoveryError(bin.path()).getMessage())
                    .isEqualTo("--e2e-binary " + bin.path() + ": its Ginkgo V1 listing (--ginkgo.dryRun --ginkgo.v "
                            + "--ginkgo.noColor --ginkgo.focus=.*) exited with code 2: 'flag provided but not defined: "
                            + "-ginkgo.dryRun'; expected an upstream Kubernetes e2e.test");
        }
    }

    @Nested
    class Execution {

        @Test
        void reportsEachSpecAsItsOutputShowsItAndKeepsTheUpstreamArtifacts() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);
            Map<String, String> p = params(bin);
            p.put(Settings.NUM_NODES, "3");

            RecordingListener r = execute(p);

            assertThat(r.of(PATCH).orElseThrow().status()).isEqualTo("SUCCESSFUL");
            assertThat(r.of(DOUBLE_SPACE).orElseThrow().status()).isEqualTo("SUCCESSFUL");
            assertThat(r.of(QUOTED).orElseThrow().status()).isEqualTo("SUCCESSFUL");
            assertThat(r.of(TOP_LEVEL).orElseThrow().status()).isEqualTo("SUCCESSFUL");
            Outcome failed = r.of(FAILS).orElseThrow();
            assertThat(failed.status()).isEqualTo("FAILED");
            assertThat(failed.message()).isEqualTo("SpecFailure: Dec  7 12:23:50.402: expected 1 pods, got 0\nin namespace e2e-1");
            assertThat(failed.output()).contains("STEP: running " + FAILS, "• Failure [0.020 seconds]");
            Outcome skipped = r.of(SKIPS).orElseThrow();
            assertThat(skipped.status()).isEqualTo("ABORTED");
            assertThat(skipped.message()).contains("Only supported for providers [gce] (not local)");
            assertThat(r.outcomes()).hasSize(MixedSpecs.ALL.size());
            assertThat(bin.runs().get(0)).contains("--kubeconfig=" + tmp.resolve("kubeconfig"),
                    "--provider=local", "--num-nodes=3", "--ginkgo.noColor", "--ginkgo.v",
                    "--report-dir=" + tmp.resolve("artifacts/upstream/batch-01/report"));
            Path batch = tmp.resolve("artifacts/upstream/batch-01");
            assertThat(batch.resolve("e2e.log")).content().contains("STEP: running " + PATCH);
            assertThat(batch.resolve("ginkgo-junit_01.xml")).exists();
        }

        @Test
        void runsSerialAndDisruptiveSpecsAfterTheOthersInTheirOwnProcess() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);

            RecordingListener r = execute(params(bin));

            assertThat(r.started().subList(r.started().size() - 2, r.started().size()))
                    .containsExactlyInAnyOrder(SERIAL, DISRUPTIVE);
            assertThat(bin.runs()).hasSize(2);
            assertThat(bin.runs().get(1)).contains("Deployment should roll out alone", "Reboot")
                    .doesNotContain("Secrets");
        }

        @Test
        void selectsExactlyTheChosenSpecsWithAnAnchoredFocus() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);
            TestIdentifier patch = tests(discover(params(bin))).stream()
                    .filter(t -> t.getDisplayName().equals(PATCH)).findFirst().orElseThrow();

            RecordingListener r = execute(params(bin), selectUniqueId(patch.getUniqueId()));

            assertThat(r.started()).containsExactly(PATCH);
            assertThat(bin.runs()).singleElement().asString().contains(
                    "--ginkgo.focus=^Kubernetes e2e suite \\[Top Level\\] (\\[sig-api-machinery\\] Secrets should "
                            + "patch a secret \\[Conformance\\])$");
        }

        @Test
        void runsTheSpecsThatMayRunConcurrentlyInParallelProcesses() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);
            Map<String, String> p = params(bin);
            p.put(Settings.PARALLEL, "2");

            RecordingListener r = execute(p);

            assertThat(r.outcomes()).extracting(Outcome::name).containsExactlyInAnyOrderElementsOf(MixedSpecs.ALL);
            assertThat(bin.runs()).hasSize(3);
            assertThat(bin.runs().get(2)).contains("Reboot");
        }

        @Test
        void runsAGinkgoV2BinaryWithItsFlagsAndReadsItsLabelledJunitNames() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 2);

            RecordingListener r = execute(params(bin));

            assertThat(r.of(FAILS).orElseThrow().message()).isEqualTo("SpecFailure: expected 1 pods, got 0");
            assertThat(r.of(SKIPS).orElseThrow().status()).isEqualTo("ABORTED");
            assertThat(r.of(PATCH).orElseThrow().status()).isEqualTo("SUCCESSFUL");
            assertThat(bin.runs().get(0)).contains("--ginkgo.no-color", "--ginkgo.focus=^Kubernetes e2e suite (")
                    .doesNotContain("Top Level");
        }
    }

    @Nested
    class Failures {

        @Test
        void aCrashKeepsFinishedResultsFailsTheRunningSpecAndReportsTheRestNotRun() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "crash", 1);

            RecordingListener r = execute(params(bin));

            assertThat(r.of("[sig-api-machinery] Watchers should observe a first [Conformance]").orElseThrow().status())
                    .isEqualTo("SUCCESSFUL");
            Outcome crashed = r.of("[sig-api-machinery] Watchers should crash the binary").orElseThrow();
            assertThat(crashed.status()).isEqualTo("FAILED");
            assertThat(crashed.message()).contains("e2e.test exited with code 2 while this spec ran",
                    "panic: runtime error: invalid memory address", "goroutine 1 [running]:");
            Outcome notRun = r.of("[sig-api-machinery] Watchers should never be reached").orElseThrow();
            assertThat(notRun.status()).isEqualTo("SKIPPED");
            assertThat(notRun.message()).isEqualTo("not run: e2e.test (batch 1) exited with code 2 before reaching "
                    + "this spec; its last line: goroutine 1 [running]:");
        }

        @Test
        void aSpecPastTheTestTimeoutFailsAndTheRestRunInANewProcess() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "hang", 1);
            Map<String, String> p = params(bin);
            p.put(Settings.TEST_TIMEOUT_MS, "1500");

            RecordingListener r = execute(p);

            Outcome hung = r.of("[sig-api-machinery] Quota should hang waiting for a pod").orElseThrow();
            assertThat(hung.status()).isEqualTo("FAILED");
            assertThat(hung.message()).startsWith("TimeoutException: spec ran longer than --test-timeout 1s")
                    .contains("waiting for the pod to run");
            assertThat(r.of("[sig-api-machinery] Quota should pass after the hang").orElseThrow().status())
                    .isEqualTo("SUCCESSFUL");
            assertThat(bin.runs()).hasSize(2);
            assertThat(bin.runs().get(1)).contains("should pass after the hang").doesNotContain("should pass first");
        }

        @Test
        void aFailedBeforeSuiteIsAFailedTestAndItsSpecsAreNotRun() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "before-suite", 1);

            RecordingListener r = execute(params(bin));

            assertThat(r.of("[sig-api-machinery] Secrets should never run").orElseThrow().message())
                    .startsWith("not run: e2e.test (batch 1) exited with code 1 before reaching this spec");
            Outcome suite = r.of("BeforeSuite").orElseThrow();
            assertThat(suite.status()).isEqualTo("FAILED");
            assertThat(suite.message()).contains("exited with code 1 outside any spec");
            assertThat(suite.output()).contains("BeforeSuite failed: no nodes");
        }

        @Test
        void aStoppedRunFailsTheRunningSpecAndReportsTheRestNotRun() {
            FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "hang", 1);
            CancellationToken token = CancellationToken.create();

            CompletableFuture<RecordingListener> run = CompletableFuture.supplyAsync(() -> execute(params(bin), token));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(tmp.resolve("artifacts/upstream/batch-01/e2e.log"))
                    && Files.readString(tmp.resolve("artifacts/upstream/batch-01/e2e.log")).contains("waiting for the pod"));
            token.cancel();
            RecordingListener r = run.join();

            assertThat(r.of("[sig-api-machinery] Quota should hang waiting for a pod").orElseThrow().message())
                    .isEqualTo("InterruptedException: the run was stopped");
            assertThat(r.of("[sig-api-machinery] Quota should pass after the hang").orElseThrow().message())
                    .isEqualTo("not run: the run was stopped");
        }
    }

    @Test
    void aListingCacheSparesTheNextJvmTheListingProcess() throws Exception {
        FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);
        Map<String, String> p = params(bin);
        p.put(Settings.LISTING_CACHE, tmp.resolve("cache").toString());
        GinkgoBinary binary = GinkgoBinary.open(bin.path());

        List<String> first = tests(discover(p)).stream().map(TestIdentifier::getDisplayName).toList();
        java.util.Optional<SpecListing> cached = ListingCache.read(tmp.resolve("cache"), binary.cacheKey());

        assertThat(cached).isPresent();
        assertThat(cached.get().specs()).extracting(Spec::name).containsExactlyElementsOf(first).contains(DOUBLE_SPACE,
                QUOTED);
        assertThat(cached.get().description()).isEqualTo("Kubernetes e2e suite");
        assertThat(bin.calls()).hasSize(1);
    }

    @Test
    void theGinkgoVersionIsKeptBesideTheListingSoTheNextJvmDoesNotScanTheBinary() throws Exception {
        FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);
        Path cache = tmp.resolve("cache");
        GinkgoBinary first = GinkgoBinary.open(bin.path(), Optional.of(cache));
        assertThat(first.version()).isEqualTo(GinkgoVersion.V1);
        assertThat(ListingCache.readVersion(cache, first.cacheKey())).contains(GinkgoVersion.V1);

        // What the cache says is what a new JVM uses, without reading the file (it would find v1).
        ListingCache.writeVersion(cache, first.cacheKey(), GinkgoVersion.V2);
        GinkgoBinary.forgetScans();
        assertThat(GinkgoBinary.open(bin.path(), Optional.of(cache)).version()).isEqualTo(GinkgoVersion.V2);

        // A changed file is another key: scanned again.
        Files.writeString(bin.path(), "\n# rebuilt\n", java.nio.file.StandardOpenOption.APPEND);
        GinkgoBinary.forgetScans();
        assertThat(GinkgoBinary.open(bin.path(), Optional.of(cache)).version()).isEqualTo(GinkgoVersion.V1);
    }

    @Test
    void aCorruptCacheFileIsListedAgain() throws Exception {
        FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "mixed", 1);
        GinkgoBinary binary = GinkgoBinary.open(bin.path());
        Path cache = tmp.resolve("cache");
        ListingCache.write(cache, binary.cacheKey(), new SpecListing("S", List.of(new Spec("a\tb\nc", "x.go:1"))));
        try (var files = Files.list(cache)) {
            Path f = files.findFirst().orElseThrow();
            assertThat(ListingCache.read(cache, binary.cacheKey()).orElseThrow().specs())
                    .containsExactly(new Spec("a\tb\nc", "x.go:1"));
            Files.writeString(f, "garbage\n");
        }

        assertThat(ListingCache.read(cache, binary.cacheKey())).isEmpty();
    }

    @Test
    void aDiscoveryOfTheSameBinaryRunsItsListingOnce() {
        FakeE2eBinary bin = FakeE2eBinary.create(tmp.resolve("bin"), "flaky", 1);

        discover(params(bin));
        discover(params(bin));

        assertThat(bin.calls()).hasSize(1);
    }
}
