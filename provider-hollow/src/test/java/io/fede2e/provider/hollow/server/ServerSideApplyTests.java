package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fede2e.provider.api.realk8s.RealControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply and {@code metadata.managedFields} over raw HTTP (the client's view of the
 * answers, 409 bodies included): each scenario runs on hollow and, where {@code ../shared/k8s} is
 * present, on the real v1.20.2 control plane too, whose managedFields entries (times aside) and
 * conflict causes must be the same.
 */
class ServerSideApplyTests extends LiveApiServer {

    private static final String CM = "/api/v1/namespaces/%s/configmaps";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/%s/deployments";

    private KubernetesClient real;
    private String realNs;

    @BeforeAll
    void real() {
        Optional<String> why = RealControlPlane.whyUnavailable();
        if (why.isPresent()) {
            System.out.println("ServerSideApplyTests: hollow only, no comparison with a real API server: " + why.get());
            return;
        }
        real = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null,
                RealControlPlane.shared().kubeconfig().toFile())).build();
    }

    @AfterAll
    void closeReal() {
        if (real != null) {
            real.close();
        }
    }

    @BeforeEach
    void realNamespace() {
        if (real != null) {
            realNs = "ssa-" + ns + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
            Answer a = send(real, "POST", "/api/v1/namespaces", "application/json",
                    "{\"metadata\":{\"name\":\"" + realNs + "\"}}");
            assertThat(a.code()).as(a.body().toString()).isEqualTo(201);
        }
    }

    /** One HTTP answer: the code and the JSON body. */
    record Answer(int code, JsonNode body) {
        JsonNode managedFields() {
            return body.path("metadata").path("managedFields");
        }

        JsonNode entry(String manager, String operation) {
            for (JsonNode e : managedFields()) {
                if (e.path("manager").asText().equals(manager) && e.path("operation").asText().equals(operation)) {
                    return e;
                }
            }
            return JsonNodeFactory.instance.missingNode();
        }
    }

    /** A scenario, run against one API server in one namespace. */
    interface Scenario {
        List<Answer> run(KubernetesClient api, String namespace);
    }

    /**
     * Runs {@code scenario} on hollow, and on the real control plane when there is one, asserting
     * that both give the same codes, managedFields (without times) and conflict causes; the
     * answers are hollow's.
     */
    private List<Answer> onBoth(Scenario scenario) {
        List<Answer> hollow = scenario.run(client, ns);
        if (real != null) {
            List<Answer> onReal = scenario.run(real, realNs);
            assertThat(comparable(hollow)).as("hollow's answers against the real API server's")
                    .isEqualTo(comparable(onReal));
        }
        return hollow;
    }

    private static List<JsonNode> comparable(List<Answer> answers) {
        List<JsonNode> out = new ArrayList<>();
        for (Answer a : answers) {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("code", a.code());
            List<JsonNode> entries = new ArrayList<>();
            a.managedFields().forEach(e -> {
                if (e.path("manager").asText().equals("kube-controller-manager")) {
                    return; // the real cluster's controllers; this test's hollow server runs none
                }
                ObjectNode copy = e.deepCopy();
                assertThat(copy.remove("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
                entries.add(copy);
            });
            entries.sort(Comparator.comparing(JsonNode::toString));
            n.set("managedFields", JsonNodeFactory.instance.arrayNode().addAll(entries));
            List<JsonNode> causes = new ArrayList<>();
            a.body().path("details").path("causes").forEach(causes::add);
            causes.sort(Comparator.comparing(JsonNode::toString));
            n.set("causes", JsonNodeFactory.instance.arrayNode().addAll(causes));
            if (a.body().path("kind").asText().equals("Status") && causes.size() < 2) {
                // with several managers the real server's message order varies; one cause is worded exactly
                n.put("message", a.body().path("message").asText());
            }
            out.add(n);
        }
        return out;
    }

    private static Answer apply(KubernetesClient api, String collection, String name, String fixture, String query) {
        return send(api, "PATCH", collection + "/" + name + "?" + query, "application/apply-patch+yaml", fixture(fixture));
    }

    private static Answer send(KubernetesClient api, String method, String path, String contentType, String body) {
        return send(api, method, path, contentType, body, null);
    }

    private static Answer send(KubernetesClient api, String method, String path, String contentType, String body,
            String userAgent) {
        String base = api.getMasterUrl().toString().replaceAll("/$", "");
        HttpRequest.Builder b = api.getHttpClient().newHttpRequestBuilder().uri(base + path)
                .header("Accept", "application/json");
        if (userAgent != null) {
            b.setHeader("User-Agent", userAgent);
        }
        if (body != null) {
            b.method(method, contentType, body);
        }
        try {
            HttpResponse<String> r = api.getHttpClient().sendAsync(b.build(), String.class).get(30, TimeUnit.SECONDS);
            return new Answer(r.code(), ProtobufTests.json(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
    }

    private static String fixture(String name) {
        try (InputStream in = ServerSideApplyTests.class.getResourceAsStream("/ssa/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Store.Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    class Ownership {

        @Test
        void anApplyCreatesTheObjectAndRecordsExactlyTheFieldsOfItsConfiguration() {
            List<Answer> a = onBoth((api, n) -> List.of(
                    apply(api, CM.formatted(n), "cm", "configmap/first.yaml", "fieldManager=m1")));
            Answer created = a.get(0);
            assertThat(created.code()).isEqualTo(201);
            assertThat(created.body().path("data")).isEqualTo(json("{\"k1\":\"v1\",\"k2\":\"v2\"}"));
            assertThat(created.managedFields()).hasSize(1);
            JsonNode entry = created.entry("m1", "Apply");
            assertThat(entry.path("apiVersion").asText()).isEqualTo("v1");
            assertThat(entry.path("fieldsType").asText()).isEqualTo("FieldsV1");
            assertThat(entry.path("fieldsV1")).isEqualTo(json("{\"f:data\":{\"f:k1\":{},\"f:k2\":{}},"
                    + "\"f:metadata\":{\"f:finalizers\":{\"v:\\\"example.com/keep\\\"\":{}},"
                    + "\"f:labels\":{\"f:team\":{}}}}"));
        }

        @Test
        void listItemsAreOwnedByTheirMergeKeysAndAtomicListsWhole() {
            Answer created = onBoth((api, n) -> List.of(apply(api, DEPLOYMENTS.formatted(n), "web",
                    "deployment/two-containers.yaml", "fieldManager=deployer"))).get(0);
            assertThat(created.code()).isEqualTo(201);
            JsonNode containers = created.entry("deployer", "Apply").path("fieldsV1").path("f:spec").path("f:template")
                    .path("f:spec").path("f:containers");
            assertThat(containers.path("k:{\"name\":\"main\"}")).isEqualTo(json("{\".\":{},\"f:args\":{},"
                    + "\"f:env\":{\"k:{\\\"name\\\":\\\"MODE\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}},"
                    + "\"f:image\":{},\"f:name\":{},"
                    + "\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":"
                    + "{\".\":{},\"f:containerPort\":{},\"f:protocol\":{}}}}"));
            assertThat(containers.path("k:{\"name\":\"sidecar\"}")).isEqualTo(json(
                    "{\".\":{},\"f:image\":{},\"f:name\":{}}"));
            assertThat(created.entry("deployer", "Apply").path("fieldsV1").path("f:spec").path("f:selector"))
                    .as("a LabelSelector is atomic").isEqualTo(json("{}"));
        }

        @Test
        void aCreateRecordsAnUpdateEntryForTheFieldManagerOrTheUserAgentsProduct() throws Exception {
            List<Answer> a = onBoth((api, n) -> List.of(
                    send(api, "POST", CM.formatted(n) + "?fieldManager=creator", "application/json",
                            "{\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}},\"data\":{\"k\":\"v\"}}"),
                    send(api, "POST", CM.formatted(n), "application/json",
                            "{\"metadata\":{\"name\":\"b\"},\"data\":{\"k\":\"v\"}}")));
            assertThat(a.get(0).code()).isEqualTo(201);
            JsonNode creator = a.get(0).entry("creator", "Update");
            assertThat(creator.path("apiVersion").asText()).isEqualTo("v1");
            assertThat(creator.path("fieldsV1")).isEqualTo(json("{\"f:data\":{\".\":{},\"f:k\":{}},"
                    + "\"f:metadata\":{\"f:labels\":{\".\":{},\"f:x\":{}}}}"));
            assertThat(a.get(1).entry("fabric8-kubernetes-client", "Update").path("fieldsV1"))
                    .as("no fieldManager: the product of the user agent").isEqualTo(json("{\"f:data\":{\".\":{},\"f:k\":{}}}"));
            // and so for any agent: what precedes the first slash
            java.net.http.HttpResponse<String> other = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + CM.formatted(ns)))
                            .header("Content-Type", "application/json").header("User-Agent", "my-tool/1.2.3 (linux/amd64)")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"c\"}," 
                                    + "\"data\":{\"k\":\"v\"}}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(json(other.body()).path("metadata").path("managedFields").get(0).path("manager").asText())
                    .isEqualTo("my-tool");
        }

        @Test
        void aNonApplyWriteNeverConflictsButTakesTheFieldsItChanges() {
            List<Answer> a = onBoth((api, n) -> List.of(
                    apply(api, CM.formatted(n), "cm", "configmap/first.yaml", "fieldManager=m1"),
                    send(api, "PATCH", CM.formatted(n) + "/cm?fieldManager=editor", "application/merge-patch+json",
                            "{\"data\":{\"k1\":\"edited\",\"k9\":\"new\"}}")));
            Answer edited = a.get(1);
            assertThat(edited.code()).isEqualTo(200);
            assertThat(edited.body().path("data").path("k1").asText()).isEqualTo("edited");
            assertThat(edited.entry("editor", "Update").path("fieldsV1"))
                    .isEqualTo(json("{\"f:data\":{\"f:k1\":{},\"f:k9\":{}}}"));
            assertThat(edited.entry("m1", "Apply").path("fieldsV1").path("f:data"))
                    .isEqualTo(json("{\"f:k2\":{}}"));
        }

        @Test
        void managedFieldsInAnApplyConfigurationAreRefused() {
            Answer a = send(client, "PATCH", CM.formatted(ns) + "/cm?fieldManager=m1", "application/apply-patch+yaml",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\",\"managedFields\":"
                            + "[{\"manager\":\"x\",\"operation\":\"Apply\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{}}]}}");
            assertThat(a.code()).isEqualTo(400);
            assertThat(a.body().path("message").asText()).isEqualTo("metadata.managedFields must be nil");
        }

        @Test
        void anApplyWithoutFieldManagerAndForceOnAMergePatchAreInvalid() {
            List<Answer> a = onBoth((api, n) -> List.of(
                    send(api, "PATCH", CM.formatted(n) + "/cm", "application/apply-patch+yaml",
                            fixture("configmap/first.yaml")),
                    send(api, "PATCH", CM.formatted(n) + "/cm?force=true", "application/merge-patch+json",
                            "{\"data\":{\"k\":\"v\"}}")));
            assertThat(a.get(0).code()).isEqualTo(422);
            assertThat(a.get(0).body().path("message").asText()).isEqualTo(
                    "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            assertThat(a.get(1).code()).isEqualTo(422);
            assertThat(a.get(1).body().path("message").asText()).isEqualTo(
                    "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
        }
    }

    @Nested
    class Conflicts {

        @Test
        void changingAFieldAnotherManagerAppliedIs409WithOneCausePerField() {
            List<Answer> a = onBoth((api, n) -> List.of(
                    apply(api, CM.formatted(n), "cm", "configmap/first.yaml", "fieldManager=m1"),
                    apply(api, CM.formatted(n), "cm", "configmap/conflicting.yaml", "fieldManager=m2"),
                    send(api, "GET", CM.formatted(n) + "/cm", null, null)));
            Answer refused = a.get(1);
            assertThat(refused.code()).isEqualTo(409);
            assertThat(refused.body().path("reason").asText()).isEqualTo("Conflict");
            assertThat(refused.body().path("message").asText())
                    .isEqualTo("Apply failed with 1 conflict: conflict with \"m1\": .data.k1");
            assertThat(refused.body().path("details").path("causes")).isEqualTo(json(
                    "[{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"m1\\\"\",\"field\":\".data.k1\"}]"));
            assertThat(a.get(2).body().path("data").path("k1").asText()).as("nothing written").isEqualTo("v1");
            assertThat(a.get(2).body().path("data").has("k3")).isFalse();
        }

        @Test
        void severalConflictsNameEachFieldAndAnUpdateManagersApiVersion() {
            List<Answer> a = onBoth((api, n) -> List.of(
                    send(api, "POST", CM.formatted(n) + "?fieldManager=creator", "application/json",
                            "{\"metadata\":{\"name\":\"cm\",\"labels\":{\"team\":\"a\"}},\"data\":{\"k1\":\"v1\"}}"),
                    apply(api, CM.formatted(n), "cm", "configmap/two-conflicts.yaml", "fieldManager=m2")));
            Answer refused = a.get(1);
            assertThat(refused.code()).isEqualTo(409);
            assertThat(refused.body().path("message").asText()).isEqualTo("Apply failed with 2 conflicts: "
                    + "conflicts with \"creator\" using v1:\n- .data.k1\n- .metadata.labels.team");
            List<String> fields = new ArrayList<>();
            refused.body().path("details").path("causes").forEach(c -> {
                assertThat(c.path("message").asText()).isEqualTo("conflict with \"creator\" using v1");
                fields.add(c.path("field").asText());
            });
            assertThat(fields).containsExactlyInAnyOrder(".data.k1", ".metadata.labels.team");
        }

        @Test
        void forceTakesTheFieldsFromTheirOwner() {
            List<Answer> a = onBoth((api, n) -> List.of(
                    apply(api, CM.formatted(n), "cm", "configmap/first.yaml", "fieldManager=m1"),
                    apply(api, CM.formatted(n), "cm", "configmap/conflicting.yaml", "fieldManager=m2&force=true")));
            Answer forced = a.get(1);
            assertThat(forced.code()).isEqualTo(200);
            assertThat(forced.body().path("data")).isEqualTo(json("{\"k1\":\"other\",\"k2\":\"v2\",\"k3\":\"v3\"}"));
            assertThat(forced.entry("m2", "Apply").path("fieldsV1"))
                    .isEqualTo(json("{\"f:data\":{\"f:k1\":{},\"f:k3\":{}}}"));
            assertThat(forced.entry("m1", "Apply").path("fieldsV1").path("f:data"))
                    .isEqualTo(json("{\"f:k2\":{}}"));
        }

        @Test
        void applyingTheSameValueSharesTheField() {
            Answer shared = onBoth((api, n) -> List.of(
                    apply(api, CM.formatted(n), "cm", "configmap/first.yaml", "fieldManager=m1"),
                    apply(api, CM.formatted(n), "cm", "configmap/same-value.yaml", "fieldManager=m2"))).get(1);
            assertThat(shared.code()).isEqualTo(200);
            assertThat(shared.entry("m1", "Apply").path("fieldsV1").path("f:data").has("f:k2")).isTrue();
            assertThat(shared.entry("m2", "Apply").path("fieldsV1"))
                    .isEqualTo(json("{\"f:data\":{\"f:k2\":{}}}"));
        }
    }

    @Nested
    class Removal {

        @Test
        void whatAManagerLeavesOutOfItsNextApplyIsRemoved() {
            Answer again = onBoth((api, n) -> List.of(
                    apply(api, CM.formatted(n), "cm", "configmap/first.yaml", "fieldManager=m1"),
                    apply(api, CM.formatted(n), "cm", "configmap/fewer.yaml", "fieldManager=m1"))).get(1);
            assertThat(again.code()).isEqualTo(200);
            assertThat(again.body().path("data")).isEqualTo(json("{\"k1\":\"v1\"}"));
            assertThat(again.body().path("metadata").path("finalizers").isEmpty()).as("the set item is removed").isTrue();
            assertThat(again.entry("m1", "Apply").path("fieldsV1")).isEqualTo(json(
                    "{\"f:data\":{\"f:k1\":{}},\"f:metadata\":{\"f:labels\":{\"f:team\":{}}}}"));
        }

        @Test
        void whatAnotherManagerAlsoOwnsStays() {
            Answer again = onBoth((api, n) -> List.of(
                    apply(api, CM.formatted(n), "cm", "configmap/first.yaml", "fieldManager=m1"),
                    apply(api, CM.formatted(n), "cm", "configmap/same-value.yaml", "fieldManager=m2"),
                    apply(api, CM.formatted(n), "cm", "configmap/fewer.yaml", "fieldManager=m1"))).get(2);
            assertThat(again.code()).isEqualTo(200);
            assertThat(again.body().path("data")).isEqualTo(json("{\"k1\":\"v1\",\"k2\":\"v2\"}"));
            assertThat(again.entry("m2", "Apply").path("fieldsV1")).isEqualTo(json("{\"f:data\":{\"f:k2\":{}}}"));
        }

        @Test
        void aListItemLeftOutIsRemovedByItsKey() {
            Answer again = onBoth((api, n) -> List.of(
                    apply(api, DEPLOYMENTS.formatted(n), "web", "deployment/two-containers.yaml", "fieldManager=d"),
                    apply(api, DEPLOYMENTS.formatted(n), "web", "deployment/one-container.yaml", "fieldManager=d")))
                    .get(1);
            assertThat(again.code()).isEqualTo(200);
            ArrayNode containers = (ArrayNode) again.body().path("spec").path("template").path("spec").path("containers");
            assertThat(containers).hasSize(1);
            assertThat(containers.get(0).path("name").asText()).isEqualTo("main");
            assertThat(containers.get(0).path("env").get(0).path("value").asText()).isEqualTo("fast");
        }
    }

    @Nested
    class CustomResources {

        @Test
        void anApplyCreatesACustomResourceAndConflictsOnItsFields() throws Exception {
            try (InputStream in = getClass().getResourceAsStream("/crd/widgets/crd.yaml")) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            }
            try {
                String widgets = "/apis/example.com/v1/namespaces/" + ns + "/widgets";
                Answer created = apply(client, widgets, "w", "widget/first.yaml", "fieldManager=m1");
                assertThat(created.code()).isEqualTo(201);
                assertThat(created.body().path("spec").path("colour").asText()).isEqualTo("red");
                assertThat(created.entry("m1", "Apply").path("fieldsV1"))
                        .isEqualTo(json("{\"f:spec\":{\"f:colour\":{},\"f:replicas\":{}}}"));
                Answer refused = apply(client, widgets, "w", "widget/other-colour.yaml", "fieldManager=m2");
                assertThat(refused.code()).isEqualTo(409);
                assertThat(refused.body().path("message").asText())
                        .isEqualTo("Apply failed with 1 conflict: conflict with \"m1\": .spec.colour");
                Answer forced = apply(client, widgets, "w", "widget/other-colour.yaml", "fieldManager=m2&force=true");
                assertThat(forced.code()).isEqualTo(200);
                assertThat(forced.body().path("spec").path("colour").asText()).isEqualTo("blue");
                assertThat(forced.entry("m1", "Apply").path("fieldsV1"))
                        .isEqualTo(json("{\"f:spec\":{\"f:replicas\":{}}}"));
            } finally {
                client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();
            }
        }
    }
}
