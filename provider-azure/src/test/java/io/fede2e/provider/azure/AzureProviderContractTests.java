package io.fede2e.provider.azure;

import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderContractTests;
import io.fede2e.provider.azure.fakes.FakeApiServer;
import io.fede2e.provider.azure.fakes.FakeArm;
import io.fede2e.provider.azure.fakes.FakeVms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * provider-api's contract, kept by the azure provider on the loopback fakes: ARM on WireMock, the
 * VMs on MINA SSHD, and an API server that each provider's Down takes away with it (on Azure it
 * goes with the resource group).
 */
class AzureProviderContractTests extends ProviderContractTests {

    static final String GROUP = "fede2e-contract-aaaaa";

    static FakeArm arm;
    static FakeVms vms;
    static Path home;
    static final List<FakeApiServer> servers = new ArrayList<>();

    @BeforeAll
    static void fakes() throws IOException {
        arm = new FakeArm();
        arm.everythingElseNotFound();
        arm.kubeadmUp(GROUP, "contract", 1, TestSettings.PUBLIC_IP);
        arm.groupDeletion(GROUP);
        arm.nothingLeft();
        vms = new FakeVms(1);
        home = Files.createTempDirectory("fede2e-azure-home");
    }

    @AfterAll
    static void stop() throws IOException {
        servers.forEach(FakeApiServer::close);
        vms.close();
        arm.close();
        Files.deleteIfExists(home);
    }

    @Override
    protected ClusterProviderFactory factory() {
        return wrapping(new AzureProviderFactory(() -> {
            FakeApiServer api = new FakeApiServer();
            servers.add(api);
            return TestSettings.of(arm, vms, api.port(), home);
        }), provider -> new StopsItsApiServer(provider, servers.get(servers.size() - 1)));
    }

    @Override
    protected ClusterSpec spec() {
        return new ClusterSpec("contract", 1, "v1.33.0", TestSettings.options("contract"));
    }

    @Override
    protected boolean isForeignThread(Thread t) {
        String n = t.getName();
        // The Azure SDK's process-wide Reactor and Netty pools, and the fakes' own server threads.
        return super.isForeignThread(t) || n.startsWith("reactor-http-") || n.startsWith("parallel-")
                || n.startsWith("boundedElastic-") || n.startsWith("azure-sdk-") || n.startsWith("sshd-")
                || n.startsWith("qtp") || n.contains("WireMock") || n.startsWith("Jetty");
    }

    /** Down also stops the fake API server, as deleting the group does on Azure. */
    private record StopsItsApiServer(ClusterProvider real, FakeApiServer api) implements ClusterProvider {
        @Override
        public String name() {
            return real.name();
        }

        @Override
        public void up(ClusterSpec spec) {
            real.up(spec);
        }

        @Override
        public void down() {
            real.down();
            api.close();
        }

        @Override
        public boolean isUp() {
            return real.isUp();
        }

        @Override
        public void dumpLogs(Path dir) {
            real.dumpLogs(dir);
        }

        @Override
        public Path kubeconfig() {
            return real.kubeconfig();
        }

        @Override
        public java.util.Set<io.fede2e.provider.api.Capability> capabilities() {
            return real.capabilities();
        }

        @Override
        public java.util.Map<String, String> metadata() {
            return real.metadata();
        }
    }

}
