package io.fede2e.provider.azure;

import io.fede2e.provider.azure.fakes.FakeApiServer;
import io.fede2e.provider.azure.fakes.FakeArm;
import io.fede2e.provider.azure.fakes.FakeVms;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything a kubeadm-mode Up talks to, on loopback: ARM answering the creation, deletion and
 * leak check of {@code group}, the VMs, and the API server on the public address. Public for the
 * runner's tests, which drive it through {@link AzureOnFakesProviderFactory}.
 */
public final class KubeadmWorld implements AutoCloseable {

    public final FakeArm arm;
    public final FakeVms vms;
    public final FakeApiServer api;
    private final Path home;

    /**
     * Starts the fakes of a run whose resource group is {@code group} and that has {@code workers}
     * workers; {@code home} stands for the user's home (no az CLI login in it).
     */
    public KubeadmWorld(String group, String runId, int workers, Path home) throws IOException {
        this.home = home;
        arm = new FakeArm();
        arm.everythingElseNotFound();
        arm.kubeadmUp(group, runId, workers, TestSettings.PUBLIC_IP);
        arm.groupDeletion(group);
        arm.nothingLeft();
        vms = new FakeVms(workers);
        api = new FakeApiServer();
    }

    /** The settings that point a provider at these fakes. */
    AzureSettings settings() {
        return TestSettings.of(arm, vms, api.port(), home);
    }

    /** A new provider on these fakes, as another process would create it. */
    AzureProvider provider() {
        return new AzureProvider(settings());
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
