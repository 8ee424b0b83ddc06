package io.fede2e.provider.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.azure.fakes.FakeApiServer;
import io.fede2e.provider.azure.fakes.FakeArm;
import io.fede2e.provider.azure.fakes.FakeVms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Up in kubeadm mode against ARM on WireMock and the VMs on MINA SSHD: what is created, and how. */
class KubeadmUpTests {

    static final String RUN_ID = "nightly-7";
    static final String GROUP = "fede2e-nightly-7-aaaaa";
    static final int WORKERS = 3;

    @TempDir
    Path home;

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

    @AfterEach
    void stop() throws Exception {
        try {
            provider.down();
        } finally {
            world.close();
        }
    }

    static ClusterSpec spec() {
        return new ClusterSpec("fede2e-nightly-7", WORKERS, "v1.33.0", TestSettings.options(RUN_ID));
    }

    @Nested
    class WhenEverythingWorks {
        @Test
        void everythingIsCreatedInOneGroupTaggedWithTheRunAndItsExpiry() {
            provider.up(spec());

            assertThat(arm.requests("PUT", "/subscriptions/.*/resourcegroups/" + GROUP)).singleElement()
                    .satisfies(r -> assertThat(r.getBodyAsString()).contains("\"fede2e-run-id\":\"" + RUN_ID + "\"",
                            "\"fede2e-job\":\"nightly\"", "\"fede2e-expires-at\":\"2026-12-07T08:00:00Z\""));
            assertThat(arm.requests("PUT", ".*/virtualMachines/.*")).hasSize(WORKERS + 1)
                    .allSatisfy(r -> assertThat(r.getUrl()).containsIgnoringCase("/resourceGroups/" + GROUP + "/"))
                    .allSatisfy(r -> assertThat(r.getBodyAsString()).contains("ssh-ed25519 ", RUN_ID,
                            "\"disablePasswordAuthentication\":true"));
            assertThat(arm.requests("PUT", ".*/networkSecurityGroups/fede2e-nsg")).singleElement()
                    .satisfies(r -> assertThat(r.getBodyAsString()).contains("203.0.113.7/32", "\"6443\"", "\"22\""));
            assertThat(provider.metadata()).containsEntry("resource-group", GROUP).containsEntry("node-count", "3")
                    .containsEntry("mode", "kubeadm").containsEntry("region", "eastus").containsEntry("run-id", RUN_ID);
        }

        @Test
        void longRunningOperationsArePolledThroughAzureAsyncOperation() {
            provider.up(spec());

            // The security group's operation answered InProgress once, then Succeeded.
            assertThat(arm.requests("GET", ".*/providers/Microsoft.Network/locations/eastus/operations/op-1")).hasSize(2);
            assertThat(arm.requests("GET", ".*/networkSecurityGroups/fede2e-nsg")).hasSize(1);
        }

        @Test
        void kubernetesIsInstalledOnEveryVmJoinedAndTheKubeconfigPointsAtThePublicAddress() throws Exception {
            provider.up(spec());

            assertThat(vms.steps()).filteredOn(s -> s.step().equals("install")).hasSize(WORKERS + 1);
            assertThat(vms.steps()).filteredOn(s -> s.step().equals("init")).singleElement()
                    .satisfies(s -> assertThat(s.vm()).isEqualTo("control-plane"));
            assertThat(vms.steps()).filteredOn(s -> s.step().equals("join")).extracting(FakeVms.Step::vm)
                    .containsExactlyInAnyOrder("worker-01", "worker-02", "worker-03");
            String kubeconfig = Files.readString(provider.kubeconfig());
            assertThat(kubeconfig).contains("server: https://127.0.0.1:" + api.port())
                    .doesNotContain("10.240.0.4");
            assertThat(provider.isUp()).isTrue();
            assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.CONTAINER_RUNTIME,
                    Capability.POD_NETWORK, Capability.DNS, Capability.RBAC, Capability.NODE_SSH);
        }

        @Test
        void theKeyTheJoinTokenAndTheKubeconfigCredentialsAreSecretsAndNotInTheState() {
            provider.up(spec());

            assertThat(provider.secretValues()).contains(FakeVms.JOIN_TOKEN, FakeVms.CLIENT_KEY)
                    .anySatisfy(s -> assertThat(s).contains("PRIVATE KEY"));
            Map<String, String> state = provider.saveState();
            assertThat(state).containsEntry("resource-group", GROUP).containsEntry("subscription", FakeArm.SUBSCRIPTION)
                    .containsKeys("host-key.control-plane", "host-key.worker-01", "ssh-public-key")
                    .doesNotContainKey("ssh-private-key");
            assertThat(String.join("\n", state.values())).doesNotContain(FakeVms.JOIN_TOKEN, FakeVms.CLIENT_KEY,
                    "PRIVATE KEY");
        }
    }

    @Nested
    class TheRunnersPublicAddress {
        /** The provider on the same fakes, but learning its public address from {@code lookup}. */
        AzureProvider providerAsking(java.util.function.Supplier<String> lookup) {
            AzureSettings s = TestSettings.of(arm, vms, api.port(), home);
            return new AzureProvider(new AzureSettings(s.armEndpoint(), s.credential(), s.env(), s.home(), s.clock(),
                    s.random(), s.sshPort(), s.apiPort(), s.sshWait(), s.commandTimeout(), s.armRetryBase(),
                    s.armWait(), lookup));
        }

        @Test
        void sshSourceCidrIsUsedWithoutAskingForTheAddress() {
            provider = providerAsking(() -> {
                throw new AssertionError("the public address was looked up although ssh-source-cidr is set");
            });
            Map<String, String> options = new java.util.HashMap<>(TestSettings.options(RUN_ID));
            options.put("ssh-source-cidr", "198.51.100.0/24");

            provider.up(new ClusterSpec("fede2e-nightly-7", WORKERS, "v1.33.0", options));

            assertThat(arm.requests("PUT", ".*/networkSecurityGroups/fede2e-nsg")).singleElement()
                    .satisfies(r -> assertThat(r.getBodyAsString()).contains("198.51.100.0/24")
                            .doesNotContain("203.0.113.7"));
        }

        @Test
        void aFailedLookupFailsUpBeforeAnythingIsCreated() {
            provider = providerAsking(() -> {
                throw new ProviderException("cannot learn this machine's public address from https://api.ipify.org "
                        + "(HTTP 503), which the network security group must allow; set it yourself with "
                        + "--provider-opt ssh-source-cidr=<your public address>/32");
            });

            assertThatThrownBy(() -> provider.up(spec())).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("ssh-source-cidr");

            assertThat(arm.requestCount()).as("no ARM call before the address is known").isZero();
        }
    }

    @Nested
    class WhenTheProcessDiesDuringUp {
        @Test
        void theStateIsHandedOverBeforeTheGroupIsCreatedAndDownFromItDeletesTheGroup() {
            List<Map<String, String>> states = new ArrayList<>();
            List<Integer> armCallsSoFar = new ArrayList<>();
            provider.checkpointStateTo(state -> {
                states.add(state);
                armCallsSoFar.add(arm.requestCount());
            });
            // Up stops half way, where a killed process would have stopped.
            arm.vmCreationFails(GROUP, "worker-02");
            assertThatThrownBy(() -> provider.up(spec())).isInstanceOf(ProviderException.class);

            assertThat(states).singleElement().satisfies(s -> assertThat(s).containsEntry("resource-group", GROUP)
                    .containsEntry("subscription", FakeArm.SUBSCRIPTION).containsEntry("run-id", RUN_ID)
                    .doesNotContainKey("ssh-private-key"));
            assertThat(armCallsSoFar).as("handed over before the first ARM call").containsExactly(0);
            AzureProvider fresh = world.provider();
            fresh.reattach(states.get(0));
            fresh.down();
            assertThat(arm.requests("DELETE", "/subscriptions/.*/resourcegroups/" + GROUP)).hasSize(1);
            assertThat(arm.requests("GET", "/subscriptions/.*/resources")).as("the leak check").hasSize(1);
        }
    }

    @Nested
    class WhenArmMisbehaves {
        @Test
        void aThrottledCallIsRetriedAfterItsRetryAfter() {
            arm.throttleNetworkOnce(GROUP, "1");

            provider.up(spec());

            assertThat(arm.requests("PUT", ".*/virtualNetworks/fede2e-vnet")).hasSize(2);
        }

        @Test
        void aVmFailingMidwayFailsUpNamingItAndDownStillDeletesTheGroupAndChecksForLeaks() {
            arm.vmCreationFails(GROUP, "worker-02");

            assertThatThrownBy(() -> provider.up(spec())).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("worker-02").hasMessageContaining("AllocationFailed");
            provider.down();

            assertThat(arm.requests("DELETE", "/subscriptions/.*/resourcegroups/" + GROUP)).hasSize(1);
            assertThat(arm.requests("GET", "/subscriptions/.*/resources")).hasSize(1);
            assertThat(vms.steps()).as("no VM is bootstrapped when one could not be created").isEmpty();
        }
    }
}
