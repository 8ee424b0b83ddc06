package io.fede2e.provider.azure;

import io.fede2e.provider.azure.fakes.FakeApiServer;
import io.fede2e.provider.azure.fakes.FakeArm;
import io.fede2e.provider.azure.fakes.FakeVms;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything a kubeadm-mode Up talks to, on loopback: ARM answering the creation, deletion and
 * leak check of {@code group}, the VMs, and the API server on the public address.
 */
final class KubeadmWorld implements AutoCloseable {

    final FakeArm arm;
    final FakeVms vms;
    final FakeApiServer api;
    private final Path home;

    KubeadmWorld(String group, String runId, int workers, Path home) throws IOException {
        this.home = home;
        arm = new FakeArm();
        arm.everythingElseNotFound();
        arm.kubeadmUp(group, runId, workers, TestSettings.PUBLIC_IP);
        arm.groupDeletion(group);
        arm.nothingLeft();
        vms = new FakeVms(workers);
        api = new FakeApiServer();
    }

    /** A new provider on these fakes, as another process would create it. */
    AzureProvider provider() {
        return new AzureProvider(TestSettings.of(arm, vms, api.port(), home));
    }

    @Override
    public void close() throws IOException {
        try {
            vms.close();
        } finally {
            arm.close();
            api.close();
        }
    }
}
