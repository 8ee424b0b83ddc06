package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HollowApiServerTests extends LiveApiServer {

    private ConfigMap configMap(String name, Map<String, String> labels) {
        return client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().addToData("k", "v").build()).create();
    }

    private Pod pod(String name, Map<String, String> labels) {
        return client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .endContainer().endSpec().build()).create();
    }

    private void bind(String pod, String node) {
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + pod
                + "\"},\"target\":{\"kind\":\"Node\",\"name\":\"" + node + "\"}}";
        var request = client.getHttpClient().newHttpRequestBuilder()
                .uri(server.url() + "/api/v1/namespaces/" + ns + "/pods/" + pod + "/binding")
                .post("application/json", body).build();
        var response = client.getHttpClient().sendAsync(request, String.class).join();
        if (response.code() != 201) {
            throw new AssertionError("binding answered " + response.code() + ": " + response.body());
        }
    }

    private static Status statusOf(Runnable call) {
        try {
            call.run();
        } catch (KubernetesClientException e) {
            return e.getStatus();
        }
        throw new AssertionError("expected the call to fail");
    }

    @Nested
    class Basics {

        @Test
        void storesObjectsWithIdentityAndIncreasingVersions() {
            ConfigMap a = configMap("a", Map.of());
            ConfigMap b = configMap("b", Map.of());

            assertThat(a.getMetadata().getUid()).isNotBlank().isNotEqualTo(b.getMetadata().getUid());
            assertThat(a.getMetadata().getCreationTimestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(Long.parseLong(b.getMetadata().getResourceVersion()))
                    .isGreaterThan(Long.parseLong(a.getMetadata().getResourceVersion()));
            assertThat(client.configMaps().inNamespace(ns).withName("a").get().getData()).containsEntry("k", "v");
        }

        @Test
        void reportsItsVersionAndApiGroups() {
            assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo(HollowApiServer.DEFAULT_VERSION);
            assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName())
                    .contains("apps", "batch", "discovery.k8s.io", "coordination.k8s.io", "rbac.authorization.k8s.io");
        }

        @Test
        void createsTheDefaultServiceAccountOfANewNamespace() {
            assertThat(client.serviceAccounts().inNamespace(ns).withName("default").get()).isNotNull();
        }

        @Test
        void createsTheSystemNamespaces() {
            assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .contains("default", "kube-system", "kube-public", "kube-node-lease");
        }

        @Test
        void generateNameAddsFiveCharactersOfTheApiAlphabet() {
            Pod created = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata()
                    .withGenerateName("web-").endMetadata().withNewSpec().addNewContainer().withName("c")
                    .withImage("x").endContainer().endSpec().build()).create();

            assertThat(created.getMetadata().getName()).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
        }

        @Test
        void newPodsArePendingWithDefaults() {
            Pod p = pod("p", Map.of());

            assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(p.getStatus().getQosClass()).isEqualTo("BestEffort");
            assertThat(p.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
            assertThat(p.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
        }

        @Test
        void paginatesWithLimitAndContinue() {
            for (int i = 0; i < 7; i++) {
                configMap("cm-" + i, Map.of());
            }
            List<String> names = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                var page = client.configMaps().inNamespace(ns).list(new ListOptionsBuilder().withLimit(3L)
                        .withContinue(token).build());
                page.getItems().forEach(c -> names.add(c.getMetadata().getName()));
                token = page.getMetadata().getContinue();
                pages++;
            } while (token != null && !token.isEmpty());

            assertThat(pages).isEqualTo(3);
            assertThat(names).containsExactly("cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6");
        }

        @Test
        void scalesThroughTheScaleSubresource() {
            client.apps().deployments().inNamespace(ns).resource(deployment("d")).create();

            client.apps().deployments().inNamespace(ns).withName("d").scale(5);

            assertThat(client.apps().deployments().inNamespace(ns).withName("d").get().getSpec().getReplicas())
                    .isEqualTo(5);
        }

        @Test
        void closingReleasesThePort() throws IOException {
            HollowApiServer other = HollowApiServer.start();
            int port = other.port();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
            other.close();
            other.close();

            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                }
            }).isInstanceOf(ConnectException.class);
        }

        @Test
        void refusesABusyPortNamingIt() {
            assertThatThrownBy(() -> HollowApiServer.start(server.port()))
                    .hasMessageContaining("127.0.0.1:" + server.port()).hasMessageContaining("pick another port");
        }
    }

    @Nested
    class Errors {

        @Test
        void creatingInAMissingNamespaceIsNotFound() {
            Status status = statusOf(() -> client.configMaps().inNamespace("nowhere").resource(
                    new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create());

            assertThat(status.getKind()).isEqualTo("Status");
            assertThat(status.getCode()).isEqualTo(404);
            assertThat(status.getReason()).isEqualTo("NotFound");
            assertThat(status.getMessage()).isEqualTo("namespaces \"nowhere\" not found");
            assertThat(status.getDetails().getKind()).isEqualTo("namespaces");
        }

        @Test
        void creatingTwiceIsAlreadyExists() {
            configMap("c", Map.of());
            Status status = statusOf(() -> configMap("c", Map.of()));

            assertThat(status.getCode()).isEqualTo(409);
            assertThat(status.getReason()).isEqualTo("AlreadyExists");
        }

        @Test
        void aStaleResourceVersionIsAConflict() {
            ConfigMap first = configMap("c", Map.of());
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(first).addToData("x", "1").build()).update();

            Status status = statusOf(() -> client.configMaps().inNamespace(ns)
                    .resource(new ConfigMapBuilder(first).addToData("x", "2").build()).update());

            assertThat(status.getCode()).isEqualTo(409);
            assertThat(status.getReason()).isEqualTo("Conflict");
            assertThat(status.getMessage()).contains("the object has been modified");
        }

        @Test
        void gettingAMissingObjectIsNullAndDeletingItIsHarmless() {
            assertThat(client.pods().inNamespace(ns).withName("none").get()).isNull();
            assertThat(client.pods().inNamespace(ns).withName("none").delete()).isEmpty();
        }

        @Test
        void aMissingNameIsInvalid() {
            Status status = statusOf(() -> client.configMaps().inNamespace(ns)
                    .resource(new ConfigMapBuilder().withNewMetadata().endMetadata().build()).create());

            assertThat(status.getCode()).isEqualTo(422);
            assertThat(status.getReason()).isEqualTo("Invalid");
        }

        @Test
        void aMalformedSelectorIsABadRequest() {
            Status status = statusOf(() -> client.pods().inNamespace(ns).withLabelSelector("a in (b").list());

            assertThat(status.getCode()).isEqualTo(400);
        }
    }

    @Nested
    class StatusSubresource {

        @Test
        void updatingTheObjectKeepsItsStatus() {
            pod("p", Map.of());
            client.pods().inNamespace(ns).withName("p").editStatus(p -> new PodBuilder(p).editStatus()
                    .withPhase("Running").endStatus().build());

            Pod updated = client.pods().inNamespace(ns).withName("p").edit(p -> new PodBuilder(p).editMetadata()
                    .addToLabels("a", "b").endMetadata().editStatus().withPhase("Failed").endStatus().build());

            assertThat(updated.getMetadata().getLabels()).containsEntry("a", "b");
            assertThat(updated.getStatus().getPhase()).isEqualTo("Running");
        }

        @Test
        void updatingTheStatusChangesNothingElse() {
            pod("p", Map.of());
            Pod current = client.pods().inNamespace(ns).withName("p").get();

            Pod updated = client.pods().inNamespace(ns).resource(new PodBuilder(current).editMetadata()
                    .addToLabels("ignored", "yes").endMetadata().editStatus().withPhase("Running").endStatus().build())
                    .updateStatus();

            assertThat(updated.getStatus().getPhase()).isEqualTo("Running");
            assertThat(updated.getMetadata().getLabels()).doesNotContainKey("ignored");
        }

        @Test
        void strategicMergeMergesConditionsByType() {
            pod("p", Map.of());
            PodCondition ready = new PodConditionBuilder().withType("Ready").withStatus("False").build();
            PodCondition init = new PodConditionBuilder().withType("Initialized").withStatus("True").build();
            client.pods().inNamespace(ns).withName("p").subresource("status").patch(
                    PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"status\":{\"conditions\":[" + client.getKubernetesSerialization().asJson(ready) + ","
                            + client.getKubernetesSerialization().asJson(init) + "]}}");

            Pod patched = client.pods().inNamespace(ns).withName("p").subresource("status").patch(
                    PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");

            assertThat(patched.getStatus().getConditions())
                    .extracting(PodCondition::getType, PodCondition::getStatus)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Ready", "True"),
                            org.assertj.core.groups.Tuple.tuple("Initialized", "True"));
        }

        @Test
        void specChangesBumpTheGeneration() {
            client.apps().deployments().inNamespace(ns).resource(deployment("d")).create();

            Deployment edited = client.apps().deployments().inNamespace(ns).withName("d")
                    .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(3).endSpec().build());

            assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);
        }
    }

    @Nested
    class Selectors {

        @BeforeEach
        void objects() {
            configMap("a", Map.of("app", "web", "tier", "front"));
            configMap("b", Map.of("app", "db"));
            configMap("c", Map.of("app", "cache", "tier", "back"));
            configMap("d", Map.of());
        }

        private List<String> select(String selector) {
            return client.configMaps().inNamespace(ns).withLabelSelector(selector).list().getItems().stream()
                    .map(c -> c.getMetadata().getName()).toList();
        }

        @Test
        void labelSelectorsOfEveryOperator() {
            assertThat(select("app=web")).containsExactly("a");
            assertThat(select("app==db")).containsExactly("b");
            assertThat(select("app!=web")).containsExactly("b", "c", "d");
            assertThat(select("app in (web,cache)")).containsExactly("a", "c");
            assertThat(select("app notin (web,cache)")).containsExactly("b", "d");
            assertThat(select("tier")).containsExactly("a", "c");
            assertThat(select("!tier")).containsExactly("b", "d");
            assertThat(select("app in (web,db),!tier")).containsExactly("b");
        }

        @Test
        void labelSelectorsFollowLabelChanges() {
            client.configMaps().inNamespace(ns).withName("d").edit(c -> new ConfigMapBuilder(c).editMetadata()
                    .addToLabels("app", "web").endMetadata().build());
            client.configMaps().inNamespace(ns).withName("a").edit(c -> new ConfigMapBuilder(c).editMetadata()
                    .addToLabels("app", "old").endMetadata().build());

            assertThat(select("app=web")).containsExactly("d");
        }

        @Test
        void fieldSelectorsOnNameNamespaceNodeAndPhase() {
            pod("p1", Map.of());
            pod("p2", Map.of());
            String node = "node-of-" + ns; // other tests bind pods too, in other namespaces
            bind("p1", node);
            client.pods().inNamespace(ns).withName("p1").editStatus(p -> new PodBuilder(p).editStatus()
                    .withPhase("Running").endStatus().build());

            assertThat(client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems())
                    .extracting(p -> p.getMetadata().getName()).containsExactly("p1");
            assertThat(client.pods().inNamespace(ns).withField("status.phase", "Pending").list().getItems())
                    .extracting(p -> p.getMetadata().getName()).containsExactly("p2");
            assertThat(client.pods().inNamespace(ns).withoutField("status.phase", "Pending").list().getItems())
                    .extracting(p -> p.getMetadata().getName()).containsExactly("p1");
            assertThat(client.configMaps().inAnyNamespace().withField("metadata.name", "b")
                    .withField("metadata.namespace", ns).list().getItems()).hasSize(1);
        }
    }

    @Nested
    class Watches {

        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final CompletableFuture<WatcherException> closed = new CompletableFuture<>();

        private Watcher<Pod> recorder() {
            return new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    events.add(action + " " + pod.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                    closed.complete(cause);
                }
            };
        }

        private String next() throws InterruptedException {
            String e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e).as("a watch event within " + WAIT).isNotNull();
            return e;
        }

        @Test
        void aFieldSelectorWatchSeesPodsEnterAndLeaveANode() throws InterruptedException {
            pod("p", Map.of());
            try (Watch w = client.pods().inAnyNamespace().withField("spec.nodeName", "node-7").watch(recorder())) {
                bind("p", "node-7");
                assertThat(next()).isEqualTo("ADDED p");
                client.pods().inNamespace(ns).withName("p").withGracePeriod(0).delete();
                assertThat(next()).isEqualTo("DELETED p");
            }
        }

        @Test
        void aLabelWatchSeesObjectsGainingAndLosingTheLabel() throws InterruptedException {
            pod("p", Map.of());
            try (Watch w = client.pods().inNamespace(ns).withLabel("app", "web").watch(recorder())) {
                client.pods().inNamespace(ns).withName("p").edit(p -> new PodBuilder(p).editMetadata()
                        .addToLabels("app", "web").endMetadata().build());
                assertThat(next()).isEqualTo("ADDED p");
                client.pods().inNamespace(ns).withName("p").edit(p -> new PodBuilder(p).editMetadata()
                        .addToLabels("other", "x").endMetadata().build());
                assertThat(next()).isEqualTo("MODIFIED p");
                client.pods().inNamespace(ns).withName("p").edit(p -> new PodBuilder(p).editMetadata()
                        .removeFromLabels("app").endMetadata().build());
                assertThat(next()).isEqualTo("DELETED p");
            }
        }

        @Test
        void aWatchResumesFromAResourceVersion() throws InterruptedException {
            pod("before", Map.of());
            String rv = client.pods().inNamespace(ns).list().getMetadata().getResourceVersion();
            pod("after-1", Map.of());
            pod("after-2", Map.of());

            try (Watch w = client.pods().inNamespace(ns).watch(new ListOptionsBuilder().withResourceVersion(rv).build(),
                    recorder())) {
                assertThat(next()).isEqualTo("ADDED after-1");
                assertThat(next()).isEqualTo("ADDED after-2");
                pod("live", Map.of());
                assertThat(next()).isEqualTo("ADDED live");
            }
            assertThat(events).isEmpty();
        }

        @Test
        void aWatchWithoutVersionStartsWithTheCurrentObjects() throws InterruptedException {
            pod("x", Map.of());
            try (Watch w = client.pods().inNamespace(ns).watch(new ListOptionsBuilder().withResourceVersion("0").build(),
                    recorder())) {
                assertThat(next()).isEqualTo("ADDED x");
            }
        }

        @Test
        void aTooOldVersionIsGone() throws Exception {
            try (HollowApiServer small = HollowApiServer.start(0, HollowApiServer.DEFAULT_VERSION, 3)) {
                KubernetesClient c = small.client();
                String rv = c.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
                for (int i = 0; i < 5; i++) {
                    c.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                            .withName("c" + i).endMetadata().build()).create();
                }
                CompletableFuture<WatcherException> gone = new CompletableFuture<>();
                Watch w = c.configMaps().inNamespace("default").watch(
                        new ListOptionsBuilder().withResourceVersion(rv).build(), new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, ConfigMap resource) {
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                                gone.complete(cause);
                            }
                        });
                try {
                    WatcherException cause = gone.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(cause.isHttpGone()).isTrue();
                } finally {
                    w.close();
                }
            }
        }

        @Test
        void closingAWatchUnregistersIt() {
            int before = server.openWatches();
            Watch w = client.pods().inNamespace(ns).watch(recorder());
            await("the watch is registered").atMost(WAIT).until(() -> server.openWatches() == before + 1);
            w.close();
            await("the watch is gone").atMost(WAIT).until(() -> server.openWatches() == before);
        }
    }

    @Nested
    class Deletion {

        @Test
        void finalizersKeepAnObjectUntilTheyAreCleared() {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                    .withFinalizers("example.com/hold").endMetadata().build()).create();

            client.configMaps().inNamespace(ns).withName("c").delete();
            ConfigMap held = client.configMaps().inNamespace(ns).withName("c").get();
            assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();

            client.configMaps().inNamespace(ns).withName("c").edit(c -> new ConfigMapBuilder(c).editMetadata()
                    .withFinalizers(List.of()).endMetadata().build());
            assertThat(client.configMaps().inNamespace(ns).withName("c").get()).isNull();
        }

        @Test
        void aBoundPodWithAGracePeriodWaitsForTheKubelet() {
            pod("p", Map.of());
            bind("p", "node-1");

            client.pods().inNamespace(ns).withName("p").withGracePeriod(20).delete();
            Pod terminating = client.pods().inNamespace(ns).withName("p").get();
            assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(20L);

            client.pods().inNamespace(ns).withName("p").withGracePeriod(0).delete();
            assertThat(client.pods().inNamespace(ns).withName("p").get()).isNull();
        }

        @Test
        void anUnboundPodGoesAtOnce() {
            pod("p", Map.of());

            client.pods().inNamespace(ns).withName("p").delete();

            assertThat(client.pods().inNamespace(ns).withName("p").get()).isNull();
        }

        @Test
        void bindingSetsTheNodeOnceAndMarksThePodScheduled() {
            pod("p", Map.of());
            bind("p", "node-1");

            Pod bound = client.pods().inNamespace(ns).withName("p").get();
            assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
            assertThat(bound.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("PodScheduled");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThatThrownBy(() -> bind("p", "node-2")).hasMessageContaining("409");
        }

        @Test
        void orphaningDropsTheOwnerReferenceOfDependents() {
            ConfigMap owner = configMap("owner", Map.of());
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("dep")
                    .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                    .withUid(owner.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();

            client.configMaps().inNamespace(ns).withName("owner")
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();

            assertThat(client.configMaps().inNamespace(ns).withName("dep").get().getMetadata().getOwnerReferences())
                    .isEmpty();
        }

        @Test
        void aNamespacePassesThroughTerminatingAndTakesItsContents() {
            configMap("c", Map.of());
            pod("p", Map.of());
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                    .withFinalizers("example.com/hold").endMetadata().build()).create();

            client.namespaces().withName(ns).delete();
            var terminating = client.namespaces().withName(ns).get();
            assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
            assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
            await("the pod is gone").atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName("p").get() == null);
            Status refused = statusOf(() -> configMap("new", Map.of()));
            assertThat(refused.getCode()).isEqualTo(403);
            assertThat(refused.getMessage()).contains("because it is being terminated");

            client.configMaps().inNamespace(ns).withName("held").edit(c -> new ConfigMapBuilder(c).editMetadata()
                    .withFinalizers(List.of()).endMetadata().build());
            await("the namespace is gone").atMost(WAIT).until(() -> client.namespaces().withName(ns).get() == null);
            assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
        }
    }

    @Nested
    class GenericResources {

        @Test
        void serverSideApplyCreatesThenUpdates() {
            ConfigMap applied = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("ssa").endMetadata().addToData("a", "1").build()).forceConflicts().serverSideApply();
            assertThat(applied.getMetadata().getUid()).isNotBlank();

            ConfigMap again = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("ssa").endMetadata().addToData("b", "2").build()).forceConflicts().serverSideApply();

            // the same manager left "a" out of its configuration: the server removes it, as upstream
            assertThat(again.getData()).containsOnly(Map.entry("b", "2"));
            assertThat(again.getMetadata().getUid()).isEqualTo(applied.getMetadata().getUid());

            ConfigMap other = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("ssa").endMetadata().addToData("c", "3").build()).fieldManager("other").serverSideApply();
            assertThat(other.getData()).containsOnly(Map.entry("b", "2"), Map.entry("c", "3"));
        }

        @Test
        void putCreatesAMissingLeaseButNotAMissingConfigMap() {
            assertThat(put("/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases/l",
                    "{\"metadata\":{\"name\":\"l\"},\"spec\":{\"holderIdentity\":\"me\"}}")).isEqualTo(201);
            assertThat(client.leases().inNamespace(ns).withName("l").get().getSpec().getHolderIdentity())
                    .isEqualTo("me");

            assertThat(put("/api/v1/namespaces/" + ns + "/configmaps/missing", "{\"metadata\":{\"name\":\"missing\"}}"))
                    .isEqualTo(404);
        }

        private int put(String path, String body) {
            var request = client.getHttpClient().newHttpRequestBuilder().uri(server.url() + path)
                    .put("application/json", body).build();
            return client.getHttpClient().sendAsync(request, String.class).join().code();
        }

        @Test
        void servesResourcesThroughTheirGroupPaths() {
            GenericKubernetesResource lease = client.genericKubernetesResources("coordination.k8s.io/v1", "Lease")
                    .inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                            .withApiVersion("coordination.k8s.io/v1").withKind("Lease").withNewMetadata()
                            .withName("l").endMetadata().build()).create();

            assertThat(lease.getMetadata().getUid()).isNotBlank();
            assertThat(client.leases().inNamespace(ns).withName("l").get()).isNotNull();
        }
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", name).endMetadata().withNewSpec().addNewContainer().withName("c").withImage("x")
                .endContainer().endSpec().endTemplate().endSpec().build();
    }
}
