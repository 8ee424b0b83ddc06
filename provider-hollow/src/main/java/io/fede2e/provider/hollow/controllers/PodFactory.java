package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

/** Creates and deletes the pods of workload controllers, with events and expectations. */
final class PodFactory {

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private final ControllerContext ctx;
    private final Expectations expectations;
    private final String component;

    PodFactory(ControllerContext ctx, Expectations expectations, String component) {
        this.ctx = ctx;
        this.expectations = expectations;
        this.component = component;
    }

    /** A pod from a template, owned by owner; name is exact, or null for generateName owner-. */
    Pod build(HasMetadata owner, PodTemplateSpec template, String name, Map<String, String> extraLabels,
            UnaryOperator<PodSpecBuilder> specCustomizer) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.putAll(extraLabels);
        Map<String, String> annotations = template.getMetadata() == null
                || template.getMetadata().getAnnotations() == null
                ? null : new LinkedHashMap<>(template.getMetadata().getAnnotations());
        PodSpec spec = specCustomizer.apply(new PodSpecBuilder(template.getSpec())).build();
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(Pods.ownerRef(owner))
                .endMetadata()
                .withSpec(spec);
        if (name == null) {
            pod.editMetadata().withGenerateName(owner.getMetadata().getName() + "-").endMetadata();
        } else {
            pod.editMetadata().withName(name).endMetadata();
        }
        return pod.build();
    }

    /** Creates pods one after another; stops at the first failure, which it reports as an Event. */
    List<Pod> create(HasMetadata owner, List<Pod> pods) {
        String uid = owner.getMetadata().getUid();
        List<Pod> created = new ArrayList<>();
        expectations.expectCreations(uid, pods.size(), ctx.instant());
        for (int i = 0; i < pods.size(); i++) {
            Pod pod = pods.get(i);
            try {
                Pod result = ctx.client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(pod).create();
                created.add(result);
                ctx.events.normal(owner, "SuccessfulCreate", createMessage(owner, result), component, null);
            } catch (KubernetesClientException e) {
                for (int j = i; j < pods.size(); j++) {
                    expectations.creationObserved(uid);
                }
                if (e.getCode() == 409) {
                    continue; // A pod of that exact name exists already: the informer will show it.
                }
                ctx.events.warning(owner, "FailedCreate", "Error creating: " + e.getMessage(), component, null);
                throw e;
            }
        }
        return created;
    }

    private String createMessage(HasMetadata owner, Pod pod) {
        if ("StatefulSet".equals(owner.getKind())) {
            return "create Pod " + pod.getMetadata().getName() + " in StatefulSet "
                    + owner.getMetadata().getName() + " successful";
        }
        return "Created pod: " + pod.getMetadata().getName();
    }

    void delete(HasMetadata owner, Pod pod) {
        String uid = owner.getMetadata().getUid();
        expectations.expectDeletion(uid, pod.getMetadata().getUid(), ctx.instant());
        try {
            ctx.client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .delete();
        } catch (KubernetesClientException e) {
            expectations.deletionObserved(uid, pod.getMetadata().getUid());
            if (ControllerContext.isGone(e)) {
                return;
            }
            ctx.events.warning(owner, "FailedDelete", "Error deleting: " + e.getMessage(), component, null);
            throw e;
        }
        String message = "StatefulSet".equals(owner.getKind())
                ? "delete Pod " + pod.getMetadata().getName() + " in StatefulSet " + owner.getMetadata().getName()
                        + " successful"
                : "Deleted pod: " + pod.getMetadata().getName();
        ctx.events.normal(owner, "SuccessfulDelete", message, component, null);
    }

    /** Tells the expectations what the informer saw. */
    void observe(Pod pod, boolean gone) {
        List<String> owners = Informers.controllerUid(pod);
        if (owners.isEmpty()) {
            return;
        }
        if (gone || Pods.isTerminating(pod)) {
            expectations.deletionObserved(owners.get(0), pod.getMetadata().getUid());
        }
    }

    void observeCreated(Pod pod) {
        List<String> owners = Informers.controllerUid(pod);
        if (!owners.isEmpty()) {
            expectations.creationObserved(owners.get(0));
        }
    }

    /**
     * The pod handler every workload controller registers: for pods whose controlling owner is of
     * ownerKind, it feeds the expectations and queues the owner's key.
     */
    ResourceEventHandler<Pod> ownedPods(String ownerKind, WorkQueue queue) {
        return ownedPods(ownerKind, queue, (oldPod, newPod) -> true);
    }

    /** As {@link #ownedPods(String, WorkQueue)}, but ignores the updates that relevantUpdate rejects. */
    ResourceEventHandler<Pod> ownedPods(String ownerKind, WorkQueue queue,
            BiPredicate<Pod, Pod> relevantUpdate) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (owned(pod)) {
                    observeCreated(pod);
                    enqueueOwner(pod);
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (owned(newPod) && relevantUpdate.test(oldPod, newPod)) {
                    observe(newPod, false);
                    enqueueOwner(newPod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                if (owned(pod)) {
                    observe(pod, true);
                    enqueueOwner(pod);
                }
            }

            private boolean owned(Pod pod) {
                return ownerKind.equals(Pods.ownerKind(pod));
            }

            private void enqueueOwner(Pod pod) {
                queue.add(pod.getMetadata().getNamespace() + "/" + Pods.controllerRef(pod).getName());
            }
        };
    }

    /** kube-controller-manager's hash of a template: FNV-32a, then its safe encoding. */
    static String templateHash(String templateJson, Integer collisionCount) {
        // A collisionCount of 0 and none at all must hash alike, or writing status would change revisions.
        String json = templateJson + (collisionCount == null || collisionCount == 0 ? "" : "#" + collisionCount);
        int hash = 0x811c9dc5;
        for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x01000193;
        }
        String decimal = Long.toString(hash & 0xffffffffL);
        StringBuilder out = new StringBuilder();
        for (char c : decimal.toCharArray()) {
            out.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
        }
        return out.toString();
    }
}
