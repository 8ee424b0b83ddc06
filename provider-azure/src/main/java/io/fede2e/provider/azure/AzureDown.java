package io.fede2e.provider.azure;

import com.azure.resourcemanager.resources.fluent.models.GenericResourceExpandedInner;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import io.fede2e.provider.api.ProviderException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Down: delete the run's resource group and wait, within a bound, then list everything across the
 * subscription that still carries the run's tag and fail, naming it, if anything is left (the 2016
 * scripts' leaked-resource check). A group that is already gone is success.
 */
final class AzureDown {

    private static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(AzureDown.class);

    private AzureDown() {
    }

    static void deleteGroup(Arm arm, AzureSettings settings, String group) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                LOG.info("Down: deleting resource group {}", group);
                arm.resources.getResourceGroups().deleteAsync(group).block(settings.armWait());
                return;
            } catch (RuntimeException e) {
                if (Arm.notFound(e)) {
                    LOG.info("Down: resource group {} is already gone", group);
                    return;
                }
                if (String.valueOf(e.getMessage()).startsWith("Timeout on blocking")) {
                    throw new ProviderException("deleting resource group " + group + " took longer than "
                            + settings.armWait() + "; check it in the Azure portal, or run fede2e janitor later", e);
                }
                // The pipeline already retried 429 and 5xx answers; a failed deletion itself (a
                // transient conflict on a dependent resource) is worth a fresh attempt.
                last = e;
            }
        }
        throw Arm.failed("deleting resource group " + group, last,
                "delete it with: az group delete --yes --name " + group);
    }

    /** Everything still tagged with {@code runId}: groups and resources, as ARM ids. */
    static List<String> leftovers(Arm arm, String runId) {
        String filter = "tagName eq '" + AzureUp.TAG_RUN_ID + "' and tagValue eq '" + runId + "'";
        List<String> left = new ArrayList<>();
        try {
            for (ResourceGroupInner g : arm.resources.getResourceGroups().listAsync(filter, null).toIterable()) {
                left.add(g.id());
            }
            for (GenericResourceExpandedInner r : arm.resources.getResources().listAsync(filter, null, null)
                    .toIterable()) {
                left.add(r.id());
            }
        } catch (RuntimeException e) {
            throw Arm.failed("listing what run " + runId + " left behind", e,
                    "check by hand: az resource list --tag " + AzureUp.TAG_RUN_ID + "=" + runId);
        }
        return left.stream().sorted().distinct().toList();
    }

    static void checkNothingLeft(Arm arm, String runId) {
        List<String> left = leftovers(arm, runId);
        if (!left.isEmpty()) {
            throw new ProviderException("leaked resources: " + left.size() + " Azure resources tagged "
                    + AzureUp.TAG_RUN_ID + "=" + runId + " are still there after Down: " + String.join(", ", left)
                    + "; delete them with az resource delete --ids ... (they cost money until then)",
                    String.join("\n", left), null);
        }
    }
}
