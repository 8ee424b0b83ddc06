package io.fede2e.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.azure.fakes.FakeApiServer;
import io.fede2e.provider.azure.fakes.FakeArm;
import io.fede2e.provider.azure.fakes.FakeVms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap and the log dump over SSH: JSch against Apache MINA SSHD on loopback playing the
 * VMs (ARM on WireMock around it).
 */
class SshBootstrapTests {

    static final String RUN_ID = "nightly-8";
    static final String GROUP = "fede2e-nightly-8-aaaaa";
    static final int WORKERS = 3;

    @TempDir
    Path home;
    @TempDir
    Path artifacts;

    KubeadmWorld world;
    FakeArm arm;
    FakeVms vms;
    FakeApiServer api;
    AzureProvider provider;

    @BeforeEach
    void fakes() throws Exception {
        world = new KubeadmWorld(GROUP, RUN_ID, WORKERS, home);
        arm = world.arm;
        vms = world.vms;
        api = world.api;
        provider = world.provider();
    }

    private AzureProvider newProvider() {
        return world.provider();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            provider.down();
        } finally {
            world.close();
        }
    }

    static ClusterSpec spec(Map<String, String> more) {
        Map<String, String> options = new HashMap<>(TestSettings.options(RUN_ID));
        options.putAll(more);
        return new ClusterSpec("fede2e-nightly-8", WORKERS, "v1.33.0", options);
    }

    @Nested
    class Bootstrap {
        @Test
        void theJoinsRunInParallel() {
            vms.latency(Duration.ofMillis(500));

            provider.up(spec(Map.of()));

            List<FakeVms.Step> joins = vms.steps().stream().filter(s -> s.step().equals("join")).toList();
            assertThat(joins).hasSize(WORKERS);
            long lastStart = joins.stream().mapToLong(FakeVms.Step::startNanos).max().orElseThrow();
            long firstEnd = joins.stream().mapToLong(FakeVms.Step::endNanos).min().orElseThrow();
            assertThat(lastStart).as("every join started before the first one ended").isLessThan(firstEnd);
        }

        @Test
        void theScriptsRunAsRootFromStdinWithTheirArguments() {
            provider.up(spec(Map.of()));

            assertThat(vms.commands()).anySatisfy(c -> assertThat(c).startsWith("control-plane: ")
                    .contains("sudo bash \"$f\" 'v1.33.0' '127.0.0.1' '192.168.0.0/16'"));
            assertThat(vms.commands()).anySatisfy(c -> assertThat(c).startsWith("worker-02: ")
                    .contains("'10.240.0.4:6443' '" + FakeVms.JOIN_TOKEN + "' 'sha256:"));
        }

        @Test
        void aFailingCommandsOutputLandsInTheProviderException() {
            vms.fail("worker-02", "join", 1, "[preflight] Running pre-flight checks\n"
                    + "error execution phase preflight: [preflight] Some fatal errors occurred:\n"
                    + "\t[ERROR Port-10250]: Port 10250 is in use\n");

            assertThatThrownBy(() -> provider.up(spec(Map.of()))).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.getMessage()).contains("join.sh failed on VM worker-02 of " + GROUP, "exit 1",
                        "artifacts/nodes/worker-02/");
                assertThat(e.output()).contains("[worker-02] join.sh", "[ERROR Port-10250]: Port 10250 is in use");
            });
        }

        @Test
        void aDroppedConnectionIsRetriedAndTheStepRunsAgain() {
            vms.dropConnection("worker-01", "install", 1);

            provider.up(spec(Map.of()));

            assertThat(vms.commands()).filteredOn(c -> c.startsWith("worker-01: ") && c.contains("sudo bash"))
                    .hasSizeGreaterThanOrEqualTo(3);
            assertThat(vms.steps()).filteredOn(s -> s.vm().equals("worker-01") && s.step().equals("install")).hasSize(1);
            assertThat(provider.isUp()).isTrue();
        }

        @Test
        void aCommandThatHangsIsStoppedAtItsBound() {
            vms.latency(Duration.ofSeconds(10));
            AzureSettings s = TestSettings.of(arm, vms, api.port(), home);
            provider = new AzureProvider(new AzureSettings(s.armEndpoint(), s.credential(), s.env(), s.home(), s.clock(),
                    s.random(), s.sshPort(), s.apiPort(), s.sshWait(), Duration.ofSeconds(2), s.armRetryBase(),
                    s.armWait(), s.publicAddress()));

            assertThatThrownBy(() -> provider.up(spec(Map.of()))).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("ran longer than PT2S and was stopped");
        }

        @Test
        void sshIsRetriedUntilTheVmsSshdAnswers() {
            vms.refuseNextSessions(3);

            provider.up(spec(Map.of()));

            assertThat(provider.isUp()).isTrue();
        }
    }

    @Nested
    class HostKeys {
        @Test
        void aChangedHostKeyIsRefusedByAProcessThatReattaches() throws Exception {
            provider.up(spec(Map.of("keep-key", "true")));
            Map<String, String> state = provider.saveState();
            assertThat(state).containsKeys("ssh-private-key", "host-key.control-plane");
            vms.changeHostKey();
            AzureProvider other = newProvider();
            other.reattach(state);

            other.dumpLogs(artifacts);

            assertThat(Files.readString(artifacts.resolve("nodes/control-plane/unreachable.txt")))
                    .contains("differs from the one pinned at first contact", "SHA256:");
            assertThat(artifacts.resolve("nodes/control-plane/kubelet.log")).doesNotExist();
        }

        @Test
        void theSameHostKeyIsAcceptedByAProcessThatReattaches() throws Exception {
            provider.up(spec(Map.of("keep-key", "true")));
            AzureProvider other = newProvider();
            other.reattach(provider.saveState());

            other.dumpLogs(artifacts);

            assertThat(artifacts.resolve("nodes/control-plane/kubelet.log")).content()
                    .isEqualTo("kubelet on control-plane\n");
        }
    }

    @Nested
    class DumpLogs {
        @Test
        void everyVmsLogsGoIntoItsOwnDirectory() throws Exception {
            vms.dump("worker-03", FakeVms.tarGz(Map.of("./kubelet.log", "I1207 kubelet started\n",
                    "./pods/kube-system_kube-proxy-x/kube-proxy/0.log", "proxy log\n", "./kern.log", "kernel\n")));
            provider.up(spec(Map.of()));

            provider.dumpLogs(artifacts);

            assertThat(artifacts.resolve("nodes")).isDirectoryContaining(p -> p.getFileName().toString()
                    .equals("control-plane"));
            for (String vm : List.of("control-plane", "worker-01", "worker-02")) {
                assertThat(artifacts.resolve("nodes/" + vm + "/kubelet.log")).content().isEqualTo("kubelet on " + vm + "\n");
            }
            assertThat(artifacts.resolve("nodes/worker-03/pods/kube-system_kube-proxy-x/kube-proxy/0.log")).content()
                    .isEqualTo("proxy log\n");
            assertThat(artifacts.resolve("nodes/worker-03/.dump.tar.gz")).doesNotExist();
        }

        @Test
        void aVmThatCannotBeReachedGetsUnreachableTxtAndTheDumpGoesOn() throws Exception {
            provider.up(spec(Map.of()));
            vms.fail("worker-02", "dump", 255, "");

            provider.dumpLogs(artifacts);

            assertThat(Files.readString(artifacts.resolve("nodes/worker-02/unreachable.txt")))
                    .contains("cannot collect this VM's logs", "exited with 255");
            assertThat(artifacts.resolve("nodes/worker-03/kubelet.log")).exists();
        }

        @Test
        void aHostileArchiveCannotWriteOutsideItsVmsDirectory() throws Exception {
            vms.dump("worker-01", FakeVms.tarGz(Map.of("./kubelet.log", "fine\n", "../../escaped.txt", "evil\n")));
            provider.up(spec(Map.of()));

            provider.dumpLogs(artifacts);

            assertThat(artifacts.resolve("escaped.txt")).doesNotExist();
            assertThat(artifacts.getParent().resolve("escaped.txt")).doesNotExist();
            assertThat(Files.readString(artifacts.resolve("nodes/worker-01/unreachable.txt")))
                    .contains("outside its directory");
        }

        @Test
        void withoutTheKeyAReattachedProcessSaysWhyForEveryVm() throws Exception {
            provider.up(spec(Map.of()));
            AzureProvider other = newProvider();
            other.reattach(provider.saveState());

            other.dumpLogs(artifacts);

            assertThat(Files.readString(artifacts.resolve("nodes/worker-01/unreachable.txt"))).contains("keep-key=true");
        }
    }
}
