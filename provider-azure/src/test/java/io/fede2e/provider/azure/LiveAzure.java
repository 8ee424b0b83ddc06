package io.fede2e.provider.azure;

import java.util.List;

/** Questions the live tests ask real Azure, with the credentials of this process's environment. */
public final class LiveAzure {

    private LiveAzure() {
    }

    /**
     * The ARM ids of every resource group and resource in {@code subscription} tagged
     * {@code fede2e-run-id=runId}: what Down's leak check lists, asked again from outside the run.
     */
    public static List<String> leftovers(String subscription, String runId) {
        return AzureDown.leftovers(Arm.connect(AzureSettings.azure(), subscription), runId);
    }
}
