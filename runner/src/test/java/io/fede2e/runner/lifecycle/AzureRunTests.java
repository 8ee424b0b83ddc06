package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.provider.azure.AzureOnFakesProviderFactory;
import io.fede2e.provider.azure.KubeadmWorld;
import io.fede2e.provider.azure.LiveAzure;
import io.fede2e.provider.azure.fakes.FakeArm;
import io.fede2e.provider.azure.fakes.FakeVms;
import io.fede2e.runner.fakes.CliHarness;
import io.fede2e.runner.fakes.OutputTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fede2e run} with the azure provider (issue 11): on the provider's own loopback fakes (ARM
 * on WireMock, the VMs on MINA SSHD, from provider-azure's test-jar), and for real on Azure when
 * AZURE_SUBSCRIPTION_ID is set.
 */
class AzureRunTests {

    static final String CLUSTER = "fede2e-nightly-9";
    static final String GROUP = CLUSTER + "-aaaaa";

    @TempDir
    Path cwd;

    /**
     * The real provider code on loopback fakes of ARM, the VMs and the API server of a run with
     * one worker, under the name {@code azure-fakes} (the class path's {@code azure} is the real
     * cloud).
     */
    abstract class OnTheFakes {
        @TempDir
        Path home;

        KubeadmWorld world;
        AutoCloseable using;

        @BeforeEach
        void fakes() throws IOException {
            world = new KubeadmWorld(GROUP, "nightly-9", 1, home);
            using = AzureOnFakesProviderFactory.use(world);
        }

        @AfterEach
        void stop() throws Exception {
            try {
                using.close();
            } finally {
                world.close();
            }
        }
    }

    /** A worker's {@code kubeadm join} fails. */
    @Nested
    class AFailingBootstrapCommandOnTheFakes extends OnTheFakes {
        static final String JOB = "local-" + AzureOnFakesProviderFactory.NAME;
        static final String JOIN_ERROR = "error execution phase preflight: couldn't validate the identity of the API "
                + "Server: Get \"https://10.240.0.4:6443/api/v1/namespaces/kube-public/configmaps/cluster-info\": "
                + "dial tcp 10.240.0.4:6443: connect: connection refused";

        @BeforeEach
        void joinFails() {
            // kubeadm prints the command it runs, join token and CA hash included: the runner must mask them.
            world.vms.fail("worker-01", "join", 1, "[preflight] Running pre-flight checks\n"
                    + "+ kubeadm join 10.240.0.4:6443 --token " + FakeVms.JOIN_TOKEN
                    + " --discovery-token-ca-cert-hash sha256:" + "0123456789abcdef".repeat(4) + "\n"
                    + JOIN_ERROR + "\n");
        }

        CliHarness.Outcome run() {
            return CliHarness.run(cwd, Map.of(), "run", "--provider", AzureOnFakesProviderFactory.NAME,
                    "--cluster-name", CLUSTER, "--nodes", "1", "--provider-opt", "subscription=" + FakeArm.SUBSCRIPTION,
                    "--mode", "quick", "--to", "file://" + cwd.resolve("bucket"));
        }

        @Test
        void theCommandsOutputIsInJunitRunnerXmlRedactedTheBuildFailsAndDownDeletesTheGroup() throws IOException {
            CliHarness.Outcome o = run();

            assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(3);
            assertThat(o.err()).contains("Up failed: bootstrap step join.sh failed on VM worker-01 of " + GROUP);
            Path build = cwd.resolve("bucket/logs/" + JOB + "/1");
            assertThat(Finished.parse(Files.readAllBytes(build.resolve("finished.json"))).result())
                    .isEqualTo(Result.FAILURE);
            Map<String, TestCase> steps = JUnitReader.create()
                    .read(cwd.resolve("_output/runs/" + JOB + "/1/artifacts/junit_runner.xml")).testCases().stream()
                    .collect(Collectors.toMap(TestCase::name, Function.identity(), (a, b) -> b));
            TestCase up = steps.get(RunJob.UP);
            assertThat(up.status().isFailure()).isTrue();
            assertThat(up.message() + up.details() + up.systemOut() + up.systemErr())
                    .contains("[worker-01] join.sh:", JOIN_ERROR, "--token ")
                    .doesNotContain(FakeVms.JOIN_TOKEN, "0123456789abcdef".repeat(4));
            assertThat(steps.get(RunJob.DOWN).status()).as("Down ran and passed").isEqualTo(TestStatus.PASSED);
            assertThat(world.arm.requests("DELETE", "/subscriptions/.*/resourcegroups/" + GROUP))
                    .as("Down deleted the group").hasSize(1);
            assertThat(world.arm.requests("GET", "/subscriptions/.*/resources")).as("and ran the leak check")
                    .hasSize(1);
            assertThat(OutputTree.readAll(cwd)).doesNotContain(FakeVms.JOIN_TOKEN);
            assertThat(o.out() + o.err()).doesNotContain(FakeVms.JOIN_TOKEN);
        }
    }

    /**
     * {@code fede2e up}, then {@code fede2e down --state} from a fresh process on an agent that
     * lost the kubeconfig: Down needs only the subscription and the group of the state.
     */
    @Nested
    class UpThenDownFromAFreshAgent extends OnTheFakes {
        @Test
        void downWithTheStateFileDeletesTheGroupAndChecksForLeaks() throws IOException {
            CliHarness.Outcome up = CliHarness.run(cwd, Map.of(), "up", "--provider", AzureOnFakesProviderFactory.NAME,
                    "--cluster-name", CLUSTER, "--nodes", "1", "--provider-opt", "subscription=" + FakeArm.SUBSCRIPTION);
            assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
            Path stateFile = cwd.resolve("_output/cluster-state.json");
            ClusterState state = ClusterState.read(stateFile);
            assertThat(state.state()).containsEntry("resource-group", GROUP).doesNotContainKey("ssh-private-key");
            Files.delete(Path.of(state.kubeconfig()));
            assertThat(world.arm.requests("DELETE", "/subscriptions/.*/resourcegroups/" + GROUP)).isEmpty();

            CliHarness.Outcome down = CliHarness.run(cwd, Map.of(), "down", "--state", stateFile.toString());

            assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
            assertThat(world.arm.requests("DELETE", "/subscriptions/.*/resourcegroups/" + GROUP)).hasSize(1);
            assertThat(world.arm.requests("GET", "/subscriptions/.*/resources")).as("the leak check").hasSize(1);
            assertThat(stateFile).doesNotExist();
        }
    }

    @Nested
    class TheRealProvider {
        @Test
        void withoutCredentialsRunExitsTwoWithTheHintAndCreatesNothing() {
            Assumptions.assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("AZURE_")
                            || k.equals("IDENTITY_ENDPOINT") || k.equals("MSI_ENDPOINT"))
                            && !Files.isDirectory(Path.of(System.getProperty("user.home"), ".azure")),
                    "this machine has Azure credentials: the no-credentials case cannot be shown here");

            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--provider", "azure");

            assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(2);
            assertThat(o.err().lines().filter(l -> l.startsWith("fede2e: error:")))
                    .containsExactly("fede2e: error: provider azure: found no Azure credentials; set AZURE_CLIENT_ID, "
                            + "AZURE_TENANT_ID and AZURE_CLIENT_SECRET (a service principal), run az login, or on an "
                            + "Azure VM with a managed identity set AZURE_MANAGED_IDENTITY=true");
            assertThat(cwd.resolve("_output")).doesNotExist();
        }

        /**
         * The nightly job for real: Up (1 worker at the default size), the suite in quick mode,
         * DumpLogs and Down on Azure, then no group or resource tagged with the run is left. About
         * 20 minutes and $0.10 at list price (provider-azure/README.md says what it needs).
         */
        @Test
        void theWholeRunOnAzureSucceedsAndLeavesNothingBehind() throws IOException {
            String subscription = System.getenv("AZURE_SUBSCRIPTION_ID");
            Assumptions.assumeTrue(subscription != null && !subscription.isBlank(),
                    "AZURE_SUBSCRIPTION_ID is not set: the live run on real Azure was not made (see "
                            + "provider-azure/README.md, Live test)");
            String runId = "fede2e-live-" + Long.toString(System.currentTimeMillis(), 36);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("JOB_NAME", "azure-live");

            CliHarness.Outcome o = CliHarness.run(cwd, env, "run", "--provider", "azure", "--nodes", "1",
                    "--provider-opt", "run-id=" + runId, "--provider-opt", "ttl=3h", "--mode", "quick",
                    "--to", "file://" + cwd.resolve("bucket"));

            Path build;
            try (var builds = Files.list(cwd.resolve("bucket/logs/azure-live"))) {
                build = builds.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            assertThat(Finished.parse(Files.readAllBytes(build.resolve("finished.json"))).result())
                    .as(o.out() + o.err()).isEqualTo(Result.SUCCESS);
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(build.resolve("artifacts/junit_01.xml")).exists();
            assertThat(build.resolve("artifacts/nodes/control-plane")).isDirectory();
            assertThat(LiveAzure.leftovers(subscription, runId)).as("resources tagged fede2e-run-id=" + runId).isEmpty();
        }
    }
}
