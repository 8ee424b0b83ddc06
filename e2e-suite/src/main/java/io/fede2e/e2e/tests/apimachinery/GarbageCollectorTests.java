package io.fede2e.e2e.tests.apimachinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** Garbage collection through ownerReferences. */
class GarbageCollectorTests {

    static final String HOLD = "fede2e.io/hold";

    @E2eTest
    @DisplayName("[sig-api-machinery] Garbage collector should delete pods created by rs when not orphaning")
    void deletesDependents(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "gc-cascade");
        e2e.client().apps().replicaSets().inNamespace(e2e.namespace()).resource(replicaSet("simpletest-rs", labels)).create();
        e2e.waits().runningPods(labels, 2, Waits.POD_START);

        e2e.client().apps().replicaSets().inNamespace(e2e.namespace()).withName("simpletest-rs")
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

        e2e.waits().until("pods of deleted ReplicaSet simpletest-rs still present", Waits.CONVERGE,
                () -> e2e.client().pods().inNamespace(e2e.namespace()).withLabels(labels).list().getItems(),
                List::isEmpty, pods -> pods.size() + " pods " + SelectorTests.names(pods));
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] Garbage collector should orphan pods created by rs if delete options say so")
    void orphansDependents(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "gc-orphan");
        var rs = e2e.client().apps().replicaSets().inNamespace(e2e.namespace());
        String uid = rs.resource(replicaSet("orphan-rs", labels)).create().getMetadata().getUid();
        e2e.waits().runningPods(labels, 2, Waits.POD_START);

        rs.withName("orphan-rs").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

        e2e.waits().gone("replicaset orphan-rs", Waits.CONVERGE, () -> rs.withName("orphan-rs").get());
        List<Pod> pods = e2e.waits().livePods(labels);
        assertThat(pods).as("pods of the orphaning ReplicaSet").hasSize(2);
        assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences())
                .as("owner references of %s", p.getMetadata().getName())
                .noneMatch(o -> uid.equals(o.getUid())));
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] Garbage collector should delete a dependent whose ownerReference names a deleted owner")
    void deletesDependentOfAnyKind(E2eContext e2e) {
        var configMaps = e2e.client().configMaps().inNamespace(e2e.namespace());
        ConfigMap owner = configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata()
                .build()).create();
        configMaps.resource(dependent("dependent", owner, List.of())).create();

        configMaps.withName("owner").delete();

        e2e.waits().gone("dependent configmap", Waits.CONVERGE, () -> configMaps.withName("dependent").get());
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] Garbage collector should keep the owner around until all its dependents are deleted if the deleteOptions says so")
    void foregroundKeepsOwner(E2eContext e2e) {
        var configMaps = e2e.client().configMaps().inNamespace(e2e.namespace());
        ConfigMap owner = configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata()
                .build()).create();
        configMaps.resource(dependent("dependent", owner, List.of(HOLD))).create();
        try {
            configMaps.withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

            e2e.waits().until("dependent configmap not being deleted", Waits.CONVERGE,
                    () -> configMaps.withName("dependent").get(),
                    cm -> cm != null && cm.getMetadata().getDeletionTimestamp() != null,
                    cm -> cm == null ? "not found" : "no deletionTimestamp");
            ConfigMap waitingOwner = configMaps.withName("owner").get();
            assertThat(waitingOwner).as("owner while its dependent is being deleted").isNotNull();
            assertThat(waitingOwner.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(waitingOwner.getMetadata().getFinalizers()).contains("foregroundDeletion");
        } finally {
            release(configMaps.withName("dependent"));
        }

        e2e.waits().gone("owner configmap", Waits.CONVERGE, () -> configMaps.withName("owner").get());
        assertThat(configMaps.withName("dependent").get()).isNull();
    }

    /** Removes the test's finalizer, so nothing the test made outlives it. */
    static void release(Resource<ConfigMap> held) {
        if (held.get() == null) {
            return;
        }
        held.edit(cm -> {
            cm.getMetadata().setFinalizers(cm.getMetadata().getFinalizers() == null ? List.of()
                    : cm.getMetadata().getFinalizers().stream().filter(f -> !f.equals(HOLD)).toList());
            return cm;
        });
    }

    private static ReplicaSet replicaSet(String name, Map<String, String> labels) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(2)
                .withNewSelector().withMatchLabels(labels).endSelector().withTemplate(Workloads.pauseTemplate(labels))
                .endSpec().build();
    }

    private static ConfigMap dependent(String name, ConfigMap owner, List<String> finalizers) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withFinalizers(finalizers)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                        .withBlockOwnerDeletion(true).build())
                .endMetadata().build();
    }
}
