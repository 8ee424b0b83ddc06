package io.fede2e.e2e.tests.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.RecordingWatcher;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;

/** Deployments: create, status, scale, rolling update and rollback. */
class DeploymentTests {

    static final String REVISION = "deployment.kubernetes.io/revision";

    @E2eTest
    @DisplayName("[sig-apps] Deployment should create pods and report them in its status")
    void createAndStatus(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "status");
        deployments(e2e).resource(Workloads.pauseDeployment("test-deployment", 3, labels)).create();

        Deployment d = e2e.waits().deploymentComplete("test-deployment", Waits.POD_START);

        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        assertThat(condition(d, "Available")).isEqualTo("True");
        assertThat(condition(d, "Progressing")).isEqualTo("True");
        assertThat(e2e.waits().runningPods(labels, 3, Waits.CONVERGE)).hasSize(3);
        List<ReplicaSet> sets = replicaSets(e2e, labels);
        assertThat(sets).hasSize(1);
        assertThat(sets.get(0).getMetadata().getAnnotations()).containsEntry(REVISION, "1");
    }

    @E2eTest
    @DisplayName("[sig-apps] Deployment should scale up and down")
    void scale(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "scale");
        deployments(e2e).resource(Workloads.pauseDeployment("scaled", 1, labels)).create();
        e2e.waits().deploymentComplete("scaled", Waits.POD_START);

        deployments(e2e).withName("scaled").scale(4);
        e2e.waits().deploymentComplete("scaled", Waits.POD_START);
        assertThat(e2e.waits().runningPods(labels, 4, Waits.CONVERGE)).hasSize(4);

        deployments(e2e).withName("scaled").scale(2);
        e2e.waits().deploymentComplete("scaled", Waits.CONVERGE);
        assertThat(e2e.waits().runningPods(labels, 2, Waits.CONVERGE)).hasSize(2);
    }

    @E2eTest
    @Conformance(release = "v1.12", description = "Change the pod template of a RollingUpdate Deployment. A new"
            + " ReplicaSet with revision 2 MUST take over all replicas, the old one MUST be scaled to zero, and"
            + " every remaining pod MUST carry the new template, while the ReplicaSets together never ask for more"
            + " than replicas + maxSurge pods.")
    @DisplayName("[sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]")
    void rollingUpdate(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "rolling");
        Deployment deployment = new DeploymentBuilder(Workloads.pauseDeployment("rolling", 3, labels))
                .editSpec().withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
                .endStrategy().endSpec().build();
        deployments(e2e).resource(deployment).create();
        e2e.waits().deploymentComplete("rolling", Waits.POD_START);

        RecordingWatcher<ReplicaSet> watcher = new RecordingWatcher<>();
        try (Watch ignored = e2e.client().apps().replicaSets().inNamespace(e2e.namespace()).withLabels(labels)
                .watch(watcher)) {
            setRollout(e2e, "rolling", "2");
            Deployment done = e2e.waits().deploymentComplete("rolling", Waits.POD_START);
            assertThat(done.getMetadata().getAnnotations()).containsEntry(REVISION, "2");

            Map<String, Integer> desired = new HashMap<>();
            for (var event : watcher.events()) {
                ReplicaSet rs = event.object();
                desired.put(rs.getMetadata().getName(), rs.getSpec().getReplicas());
                assertThat(desired.values().stream().mapToInt(Integer::intValue).sum())
                        .as("pods asked for by all ReplicaSets during the rollout (replicas 3 + maxSurge 1)")
                        .isLessThanOrEqualTo(4);
            }
        }
        List<ReplicaSet> sets = replicaSets(e2e, labels);
        ReplicaSet current = sets.stream().filter(rs -> "2".equals(rs.getMetadata().getAnnotations().get(REVISION)))
                .findFirst().orElseThrow(() -> new AssertionError("no ReplicaSet of revision 2 among " + names(sets)));
        assertThat(sets).filteredOn(rs -> rs != current)
                .allSatisfy(rs -> assertThat(rs.getSpec().getReplicas()).as("old ReplicaSet replicas").isZero());
        String hash = current.getMetadata().getLabels().get("pod-template-hash");
        e2e.waits().until("pods not all of the new ReplicaSet", Waits.CONVERGE,
                () -> e2e.waits().livePods(labels),
                pods -> pods.size() == 3 && pods.stream().allMatch(p -> hash.equals(p.getMetadata().getLabels()
                        .get("pod-template-hash")) && Waits.isRunningAndReady(p)),
                pods -> pods.stream().map(p -> p.getMetadata().getName() + " hash "
                        + p.getMetadata().getLabels().get("pod-template-hash")).toList().toString());
    }

    @E2eTest
    @DisplayName("[sig-apps] Deployment should roll back to the previous template, reusing its ReplicaSet")
    void rollback(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "rollback");
        deployments(e2e).resource(new DeploymentBuilder(Workloads.pauseDeployment("undo", 2, labels)).editSpec()
                .editTemplate().editMetadata().addToAnnotations("fede2e.io/rollout", "1").endMetadata().endTemplate()
                .endSpec().build()).create();
        e2e.waits().deploymentComplete("undo", Waits.POD_START);
        String original = replicaSets(e2e, labels).get(0).getMetadata().getName();
        setRollout(e2e, "undo", "2");
        e2e.waits().deploymentComplete("undo", Waits.POD_START);

        // What `kubectl rollout undo` does: put the previous revision's template back.
        setRollout(e2e, "undo", "1");
        Deployment done = e2e.waits().deploymentComplete("undo", Waits.POD_START);

        assertThat(done.getMetadata().getAnnotations()).containsEntry(REVISION, "3");
        ReplicaSet active = e2e.waits().until("original ReplicaSet " + original + " not active again", Waits.CONVERGE,
                () -> e2e.client().apps().replicaSets().inNamespace(e2e.namespace()).withName(original).get(),
                rs -> rs != null && Objects.equals(rs.getSpec().getReplicas(), 2),
                rs -> rs == null ? "not found" : "replicas " + rs.getSpec().getReplicas());
        assertThat(active.getMetadata().getAnnotations()).containsEntry(REVISION, "3");
        List<Pod> pods = e2e.waits().runningPods(labels, 2, Waits.CONVERGE);
        assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getAnnotations())
                .containsEntry("fede2e.io/rollout", "1"));
    }

    static NonNamespaceOperation<Deployment, DeploymentList, RollableScalableResource<Deployment>> deployments(
            E2eContext e2e) {
        return e2e.client().apps().deployments().inNamespace(e2e.namespace());
    }

    private static void setRollout(E2eContext e2e, String name, String value) {
        deployments(e2e).withName(name).edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editMetadata()
                .addToAnnotations("fede2e.io/rollout", value).endMetadata().endTemplate().endSpec().build());
    }

    private static List<ReplicaSet> replicaSets(E2eContext e2e, Map<String, String> labels) {
        return e2e.client().apps().replicaSets().inNamespace(e2e.namespace()).withLabels(labels).list().getItems();
    }

    private static List<String> names(List<ReplicaSet> sets) {
        return sets.stream().map(rs -> rs.getMetadata().getName()).toList();
    }

    private static String condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(DeploymentCondition::getStatus).findFirst().orElse("absent");
    }
}
