package io.fede2e.provider.hollow;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fede2e.provider.api.ProviderException;
import java.util.ArrayList;
import java.util.List;

/**
 * Up's checks before anything is created on the target: it answers, the credentials may do what
 * hollow nodes and Down need, and no node of this run exists yet. Each failure is one line that says
 * what to do; nothing has been written when one fails.
 */
final class KubemarkUp {

    /** A right the run needs: verb, API group, resource (with subresource), namespace, why. */
    record Right(String verb, String group, String resource, String subresource, String namespace, String why) {
        String describe() {
            return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource)
                    + (group.isEmpty() ? "" : "." + group) + (namespace.isEmpty() ? "" : " in " + namespace);
        }
    }

    /** What hollow nodes, their kubelets and Down do through the API. */
    static final List<Right> RIGHTS = List.of(
            new Right("create", "", "nodes", "", "", "register the hollow nodes"),
            new Right("patch", "", "nodes", "status", "", "report the nodes Ready"),
            new Right("watch", "", "nodes", "", "", "follow the hollow nodes"),
            new Right("delete", "", "nodes", "", "", "remove the nodes in Down"),
            new Right("create", "coordination.k8s.io", "leases", "", "kube-node-lease", "create the node Leases"),
            new Right("patch", "coordination.k8s.io", "leases", "", "kube-node-lease", "renew the node Leases"),
            new Right("watch", "", "pods", "", "", "see the pods bound to the nodes"),
            new Right("patch", "", "pods", "status", "", "report pods Running and finished"),
            new Right("delete", "", "pods", "", "", "finish the graceful deletion of pods"),
            new Right("delete", "", "namespaces", "", "", "remove the run's namespaces in Down"));

    private final KubernetesClient client;
    private final KubemarkOptions options;
    private final String where;

    KubemarkUp(KubernetesClient client, KubemarkOptions options, String where) {
        this.client = client;
        this.options = options;
        this.where = where;
    }

    /** Runs the checks; returns the cluster's version. */
    VersionInfo check() {
        VersionInfo version = version();
        requireRights();
        requireNoNodesOfThisRun();
        return version;
    }

    private VersionInfo version() {
        try {
            VersionInfo v = client.getKubernetesVersion();
            if (v == null) {
                throw new ProviderException("the cluster at " + where + " gave no version; is it a Kubernetes API server?");
            }
            return v;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401) {
                throw new ProviderException("the cluster at " + where + " refused the kubeconfig's credentials (HTTP 401);"
                        + " renew them or pass another --context", e);
            }
            throw new ProviderException("cannot reach the cluster at " + where + ": " + rootMessage(e)
                    + "; check that it is running and that --kubeconfig/--context name it", e);
        }
    }

    private void requireRights() {
        List<String> denied = new ArrayList<>();
        for (Right r : RIGHTS) {
            SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec()
                    .withResourceAttributes(new ResourceAttributesBuilder().withVerb(r.verb()).withGroup(r.group())
                            .withResource(r.resource()).withSubresource(r.subresource())
                            .withNamespace(r.namespace()).build())
                    .endSpec().build();
            SelfSubjectAccessReview answer;
            try {
                answer = client.authorization().v1().selfSubjectAccessReview().create(review);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return; // No access review API: the first refused write says it instead.
                }
                throw new ProviderException("cannot check the rights of the kubeconfig's user on " + where + ": "
                        + rootMessage(e), e);
            }
            if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
                denied.add(r.describe() + " (to " + r.why() + ")");
            }
        }
        if (!denied.isEmpty()) {
            throw new ProviderException("the kubeconfig's user may not " + String.join(", ", denied) + " on " + where
                    + "; use a context with those rights (cluster-admin has them)");
        }
    }

    private void requireNoNodesOfThisRun() {
        List<Node> existing;
        try {
            existing = client.nodes().withLabel(KubemarkProvider.RUN_ID_LABEL, options.runId()).list().getItems();
        } catch (KubernetesClientException e) {
            throw new ProviderException("cannot list the nodes of " + where + ": " + rootMessage(e), e);
        }
        if (!existing.isEmpty()) {
            throw new ProviderException(existing.size() + " node(s) of run " + options.runId() + " already exist on "
                    + where + " (" + existing.get(0).getMetadata().getName() + "); use another --provider-opt run-id,"
                    + " or remove them: kubectl delete nodes -l " + KubemarkProvider.RUN_ID_LABEL + "=" + options.runId());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return KubemarkKubeconfig.firstLine(message);
    }
}
