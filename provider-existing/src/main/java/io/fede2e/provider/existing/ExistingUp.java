package io.fede2e.provider.existing;

import io.fede2e.redact.Redactor;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fede2e.provider.api.ProviderException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Up's checks: the API answers and the credentials may list nodes, each within the API bound. */
final class ExistingUp {

    private final KubernetesClient client;
    private final Duration bound;
    private final String server;
    private final String context;
    private final Redactor redactor;

    ExistingUp(KubernetesClient client, Duration bound, String server, String context, Redactor redactor) {
        this.client = client;
        this.bound = bound;
        this.server = server;
        this.context = context;
        this.redactor = redactor;
    }

    ClusterFacts check() {
        VersionInfo version = call("GET /version", client::getKubernetesVersion);
        List<Node> nodes = call("to list nodes", () -> client.nodes().list().getItems());
        return new ClusterFacts(version == null ? "" : version.getGitVersion(),
                version == null ? "" : version.getPlatform(),
                nodes.stream().map(ExistingUp::facts).toList());
    }

    private <T> T call(String action, java.util.concurrent.Callable<T> call) {
        try {
            return ApiCalls.bounded(bound, "fede2e-existing-up", call);
        } catch (TimeoutException e) {
            throw new ProviderException(redactor.oneLine("cluster at " + server + " (kubeconfig context '" + context
                    + "') did not answer " + action + " within " + bound.toSeconds() + "s; check that the cluster is"
                    + " running and reachable from this machine, or raise --provider-opt api-timeout"));
        } catch (ExecutionException e) {
            throw ApiCalls.upFailure(action, server, context, e.getCause(), redactor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while checking cluster at " + server + " (" + action + ")");
        }
    }

    static ClusterFacts.NodeFacts facts(Node node) {
        NodeSystemInfo info = node.getStatus() == null ? null : node.getStatus().getNodeInfo();
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch((NodeCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return new ClusterFacts.NodeFacts(node.getMetadata().getName(),
                info == null ? null : info.getOsImage(),
                info == null ? null : info.getKernelVersion(),
                info == null ? null : info.getContainerRuntimeVersion(),
                info == null ? null : info.getKubeletVersion(),
                ready);
    }
}
