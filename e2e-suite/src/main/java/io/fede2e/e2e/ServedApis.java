package io.fede2e.e2e;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Which API versions the cluster serves, learnt from discovery as kubectl does, so that the suite runs
 * on clusters of many versions: EndpointSlice is {@code discovery.k8s.io/v1} since Kubernetes 1.21 and
 * {@code v1beta1} before, CronJob {@code batch/v1} since 1.21, PodDisruptionBudget {@code policy/v1}
 * since 1.21. A test uses what is served, or is skipped saying what it needs and what the cluster
 * serves; it never fails on a missing API.
 */
public final class ServedApis {

    private ServedApis() {
    }

    /** The versions of {@code group} the cluster serves, preferred first; empty when it serves none. */
    public static List<String> versions(KubernetesClient client, String group) {
        APIGroup found = client.getApiGroup(group);
        if (found == null || found.getVersions() == null) {
            return List.of();
        }
        String preferred = found.getPreferredVersion() == null ? null : found.getPreferredVersion().getVersion();
        return found.getVersions().stream().map(GroupVersionForDiscovery::getVersion)
                .sorted((a, b) -> Boolean.compare(!a.equals(preferred), !b.equals(preferred))).toList();
    }

    /**
     * The first of {@code wanted} (in the caller's order of preference) that the cluster serves for
     * {@code group}; skips the calling test when it serves none of them.
     *
     * @param what what the test needs, for the skip reason (e.g. "EndpointSlice")
     */
    public static String require(KubernetesClient client, String what, String group, List<String> wanted) {
        List<String> served = versions(client, group);
        Optional<String> chosen = choose(wanted, served);
        Assumptions.assumeTrue(chosen.isPresent(), () -> skipReason(what, group, wanted, served));
        return chosen.orElseThrow();
    }

    static Optional<String> choose(List<String> wanted, List<String> served) {
        return wanted.stream().filter(served::contains).findFirst();
    }

    static String skipReason(String what, String group, List<String> wanted, List<String> served) {
        String needs = String.join(" or ", wanted.stream().map(v -> group + "/" + v).toList());
        String serves = served.isEmpty() ? "no " + group + " API"
                : String.join(", ", served.stream().map(v -> group + "/" + v).toList());
        return "needs " + what + " " + needs + ", the cluster serves " + serves;
    }
}
