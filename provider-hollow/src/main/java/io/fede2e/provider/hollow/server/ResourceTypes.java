package io.fede2e.provider.hollow.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in resources the hollow API serves: the ones the e2e suite and the controllers use. The
 * resources that CRDs define are served beside them ({@link CustomResources}, {@link Store#types()}).
 */
final class ResourceTypes {

    static final ResourceType PODS = core("pods", "Pod", true, true, "binding", "eviction");
    static final ResourceType NAMESPACES = core("namespaces", "Namespace", false, true, "finalize");
    static final ResourceType NODES = core("nodes", "Node", false, true);
    static final ResourceType EVENTS = core("events", "Event", true, false);
    static final ResourceType CUSTOM_RESOURCE_DEFINITIONS = of("apiextensions.k8s.io", "v1",
            "customresourcedefinitions", "CustomResourceDefinition", false, true);

    private static final List<ResourceType> ALL = List.of(
            PODS, NAMESPACES, NODES, EVENTS,
            core("services", "Service", true, true),
            core("endpoints", "Endpoints", true, false),
            core("configmaps", "ConfigMap", true, false),
            core("secrets", "Secret", true, false),
            core("serviceaccounts", "ServiceAccount", true, false),
            core("persistentvolumeclaims", "PersistentVolumeClaim", true, true),
            core("persistentvolumes", "PersistentVolume", false, true),
            core("replicationcontrollers", "ReplicationController", true, true, "scale"),
            core("limitranges", "LimitRange", true, false),
            core("resourcequotas", "ResourceQuota", true, true),
            core("podtemplates", "PodTemplate", true, false),
            of("apps", "v1", "deployments", "Deployment", true, true, "scale"),
            of("apps", "v1", "replicasets", "ReplicaSet", true, true, "scale"),
            of("apps", "v1", "statefulsets", "StatefulSet", true, true, "scale"),
            of("apps", "v1", "daemonsets", "DaemonSet", true, true),
            of("apps", "v1", "controllerrevisions", "ControllerRevision", true, false),
            of("batch", "v1", "jobs", "Job", true, true),
            of("batch", "v1", "cronjobs", "CronJob", true, true),
            of("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, false),
            of("coordination.k8s.io", "v1", "leases", "Lease", true, false),
            of("events.k8s.io", "v1", "events", "Event", true, false),
            of("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false),
            of("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false),
            of("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false),
            of("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, false),
            of("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, false),
            of("networking.k8s.io", "v1", "ingresses", "Ingress", true, true),
            of("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, false),
            of("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true),
            of("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, true),
            of("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, false),
            of("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, false),
            of("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", false, false),
            CUSTOM_RESOURCE_DEFINITIONS);

    private static final Map<String, ResourceType> BY_PATH;
    private static final Map<String, List<ResourceType>> BY_GROUP_VERSION;

    static {
        Map<String, ResourceType> byPath = new LinkedHashMap<>();
        Map<String, List<ResourceType>> byGv = new LinkedHashMap<>();
        for (ResourceType t : ALL) {
            byPath.put(t.apiVersion() + "/" + t.plural(), t);
            byGv.computeIfAbsent(t.apiVersion(), k -> new ArrayList<>()).add(t);
        }
        BY_PATH = Collections.unmodifiableMap(byPath);
        byGv.replaceAll((k, v) -> List.copyOf(v));
        BY_GROUP_VERSION = Collections.unmodifiableMap(byGv);
    }

    private ResourceTypes() {
    }

    /** Every served resource, core first. */
    static List<ResourceType> all() {
        return ALL;
    }

    /** The resource {@code plural} of {@code apiVersion} ({@code v1}, {@code apps/v1}). */
    static Optional<ResourceType> find(String apiVersion, String plural) {
        return Optional.ofNullable(BY_PATH.get(apiVersion + "/" + plural));
    }

    /** Served group versions, {@code v1} first, each with its resources. */
    static Map<String, List<ResourceType>> byGroupVersion() {
        return BY_GROUP_VERSION;
    }

    private static ResourceType core(String plural, String kind, boolean namespaced, boolean status,
            String... subresources) {
        return of("", "v1", plural, kind, namespaced, status, subresources);
    }

    private static ResourceType of(String group, String version, String plural, String kind, boolean namespaced,
            boolean status, String... subresources) {
        return new ResourceType(group, version, plural, kind, namespaced, status, List.of(subresources));
    }
}
