package io.fede2e.provider.hollow;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.hollow.controllers.ControllerManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Down on the target: the run's namespaces first, while the hollow kubelets still finish the graceful
 * deletion of their pods; then the kubelets stop and the run's nodes and their Leases go. Only
 * objects labelled with this run's id are touched.
 */
final class KubemarkDown {

    private final KubernetesClient client;
    private final String runId;
    private final Duration timeout;

    KubemarkDown(KubernetesClient client, String runId, Duration timeout) {
        this.client = client;
        this.runId = runId;
        this.timeout = timeout;
    }

    /**
     * Removes the run's namespaces and nodes, and stops {@code kubelets} (may be null) in between.
     *
     * @throws ProviderException when namespaces or nodes are left, naming them and the command that
     *     removes them; the nodes are deleted even when namespaces are left
     */
    void run(ControllerManager kubelets) {
        List<String> problems = new ArrayList<>();
        try {
            deleteNamespaces(problems);
        } finally {
            if (kubelets != null) {
                kubelets.close();
            }
        }
        deleteNodes(problems);
        if (!problems.isEmpty()) {
            throw new ProviderException(String.join("; ", problems));
        }
    }

    private void deleteNamespaces(List<String> problems) {
        try {
            client.namespaces().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).delete();
            // A bounded wait on the API's own answer; kubelets keep running meanwhile.
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Namespace> left = namespaces();
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(500);
                left = namespaces();
            }
            if (!left.isEmpty()) {
                problems.add(left.size() + " namespace(s) of run " + runId + " still there after " + timeout.toSeconds()
                        + "s (" + left.get(0).getMetadata().getName() + "); remove them: kubectl delete namespaces -l "
                        + KubemarkProvider.RUN_ID_LABEL + "=" + runId);
            }
        } catch (KubernetesClientException e) {
            problems.add("cannot delete the namespaces of run " + runId + ": " + KubemarkUp.rootMessage(e)
                    + "; remove them: kubectl delete namespaces -l " + KubemarkProvider.RUN_ID_LABEL + "=" + runId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while waiting for the namespaces of run " + runId + " to go");
        }
    }

    private List<Namespace> namespaces() {
        return client.namespaces().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).list().getItems();
    }

    private void deleteNodes(List<String> problems) {
        try {
            List<Node> nodes = client.nodes().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).list().getItems();
            client.nodes().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).withGracePeriod(0).delete();
            for (Node node : nodes) {
                try {
                    client.leases().inNamespace(KubemarkProvider.LEASE_NAMESPACE).withName(node.getMetadata().getName())
                            .delete();
                } catch (KubernetesClientException e) {
                    // The garbage collector removes a Lease whose Node is gone: it owns it.
                }
            }
        } catch (KubernetesClientException e) {
            problems.add("cannot delete the nodes of run " + runId + ": " + KubemarkUp.rootMessage(e)
                    + "; remove them: kubectl delete nodes -l " + KubemarkProvider.RUN_ID_LABEL + "=" + runId);
        }
    }
}
