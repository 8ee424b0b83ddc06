package io.fede2e.provider.azure;

import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import io.fede2e.provider.api.Leftover;
import io.fede2e.provider.api.ProviderException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The janitor: resource groups that carry fede2e's tags and whose {@code fede2e-expires-at} has
 * passed. Nothing else in the subscription is ever listed for deletion.
 */
final class AzureJanitor {

    private AzureJanitor() {
    }

    static List<Leftover> expired(Arm arm, Instant cutoff) {
        String filter = "tagName eq '" + AzureUp.TAG_EXPIRES_AT + "'";
        List<Leftover> out = new ArrayList<>();
        try {
            for (ResourceGroupInner g : arm.resources.getResourceGroups().listAsync(filter, null).toIterable()) {
                Map<String, String> tags = g.tags() == null ? Map.of() : g.tags();
                Instant expires = AzureUp.expiresAt(tags);
                if (expires == null || !tags.containsKey(AzureUp.TAG_RUN_ID) || !expires.isBefore(cutoff)) {
                    continue;
                }
                Map<String, String> shown = new TreeMap<>();
                shown.put(AzureUp.TAG_RUN_ID, tags.get(AzureUp.TAG_RUN_ID));
                if (tags.containsKey(AzureUp.TAG_JOB)) {
                    shown.put(AzureUp.TAG_JOB, tags.get(AzureUp.TAG_JOB));
                }
                out.add(new Leftover("resource group", g.name(), expires, shown));
            }
        } catch (RuntimeException e) {
            throw Arm.failed("listing the subscription's fede2e resource groups", e,
                    "check the credentials' Reader role on the subscription");
        }
        out.sort(Comparator.comparing(Leftover::name));
        return out;
    }

    static void delete(Arm arm, AzureSettings settings, Leftover leftover) {
        if (!"resource group".equals(leftover.kind())) {
            throw new ProviderException("the azure janitor deletes resource groups only, not " + leftover.kind());
        }
        AzureDown.deleteGroup(arm, settings, leftover.name());
    }
}
