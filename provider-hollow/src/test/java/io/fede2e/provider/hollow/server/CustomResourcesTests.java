package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * CustomResourceDefinitions and the resources they define, through a real fabric8 client (and raw
 * HTTP where a client hides what the server answers): what the upstream CRD specs and kubectl rely on.
 */
class CustomResourcesTests extends LiveApiServer {

    private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
            .withGroup("example.com").withVersion("v1").withPlural("widgets").withKind("Widget").withNamespaced(true)
            .build();
    private static final ResourceDefinitionContext GADGETS_V1 = new ResourceDefinitionContext.Builder()
            .withGroup("example.org").withVersion("v1").withPlural("gadgets").withKind("Gadget").withNamespaced(false)
            .build();
    private static final ResourceDefinitionContext GADGETS_V2 = new ResourceDefinitionContext.Builder()
            .withGroup("example.org").withVersion("v2").withPlural("gadgets").withKind("Gadget").withNamespaced(false)
            .build();

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void deleteDefinitions() {
        client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();
        client.apiextensions().v1().customResourceDefinitions().withName("gadgets.example.org").delete();
    }

    private CustomResourceDefinition define(String scenario) {
        try (InputStream in = getClass().getResourceAsStream("/crd/" + scenario + "/crd.yaml")) {
            return client.apiextensions().v1().customResourceDefinitions().load(in).create();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> widgets() {
        return client.genericKubernetesResources(WIDGETS);
    }

    private static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName(name).endMetadata().addToAdditionalProperties("spec", spec).build();
    }

    private GenericKubernetesResource createWidget(String name, Map<String, Object> spec) {
        return widgets().inNamespace(ns).resource(widget(name, spec)).create();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String accept)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Accept", accept);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        return ProtobufTests.json(send("GET", path, null, null, "application/json").body());
    }

    private static List<String> names(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Nested
    class Definitions {

        @Test
        void aCreatedDefinitionIsEstablishedAtOnceWithItsAcceptedNames() {
            CustomResourceDefinition crd = define("widgets");

            assertThat(crd.getStatus().getConditions()).extracting(CustomResourceDefinitionCondition::getType,
                    CustomResourceDefinitionCondition::getStatus)
                    .contains(org.assertj.core.groups.Tuple.tuple("Established", "True"),
                            org.assertj.core.groups.Tuple.tuple("NamesAccepted", "True"));
            assertThat(crd.getStatus().getAcceptedNames().getPlural()).isEqualTo("widgets");
            assertThat(crd.getStatus().getAcceptedNames().getListKind()).isEqualTo("WidgetList");
            assertThat(crd.getStatus().getStoredVersions()).containsExactly("v1");
        }

        @Test
        void aDefinitionWhoseNameIsNotPluralDotGroupIsInvalid() {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                    .load(getClass().getResourceAsStream("/crd/widgets/crd.yaml")).item();
            crd.getMetadata().setName("widget.example.com");

            assertThatThrownBy(() -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                    .hasMessageContaining("metadata.name: Invalid value: \"widget.example.com\": must be "
                            + "spec.names.plural+\".\"+spec.group");
            assertThat(client.apiextensions().v1().customResourceDefinitions().withName("widget.example.com").get())
                    .isNull();
        }

        @Test
        void statusUpdatesKeepTheSpecAndTheServerOwnedConditions() {
            CustomResourceDefinition crd = define("widgets");
            crd.getStatus().setConditions(new ArrayList<>(List.of(new CustomResourceDefinitionCondition(null,
                    "updated", null, null, null))));

            CustomResourceDefinition updated = client.apiextensions().v1().customResourceDefinitions().resource(crd)
                    .updateStatus();

            assertThat(updated.getStatus().getConditions()).extracting(CustomResourceDefinitionCondition::getMessage)
                    .contains("updated");
            assertThat(updated.getStatus().getConditions()).extracting(CustomResourceDefinitionCondition::getType)
                    .contains("Established", "NamesAccepted");
            assertThat(updated.getSpec()).isEqualTo(crd.getSpec());
        }

        @Test
        void listsSelectByLabel() {
            CustomResourceDefinition widgets = client.apiextensions().v1().customResourceDefinitions()
                    .load(getClass().getResourceAsStream("/crd/widgets/crd.yaml")).item();
            widgets.getMetadata().setLabels(Map.of("suite", "crd"));
            client.apiextensions().v1().customResourceDefinitions().resource(widgets).create();
            define("gadgets");

            assertThat(client.apiextensions().v1().customResourceDefinitions().withLabel("suite", "crd").list()
                    .getItems()).extracting(d -> d.getMetadata().getName()).containsExactly("widgets.example.com");
        }
    }

    @Nested
    class Objects {

        @Test
        void createGetListUpdatePatchAndDeleteThroughAGenericClient() {
            define("widgets");
            createWidget("a", Map.of("replicas", 1));
            GenericKubernetesResource b = widgets().inNamespace(ns).resource(widget("b", Map.of("replicas", 2)))
                    .create();
            widgets().inNamespace(ns).withName("a").edit(w -> {
                w.getMetadata().setLabels(Map.of("tier", "front"));
                return w;
            });

            assertThat(widgets().inNamespace(ns).list().getItems()).extracting(w -> w.getMetadata().getName())
                    .containsExactly("a", "b");
            assertThat(widgets().inNamespace(ns).withLabel("tier", "front").list().getItems())
                    .extracting(w -> w.getMetadata().getName()).containsExactly("a");
            assertThat(widgets().inNamespace(ns).withField("metadata.name", "b").list().getItems()).hasSize(1);

            widgets().inNamespace(ns).withName("b").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                    "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]");
            assertThat(spec(widgets().inNamespace(ns).withName("b").get())).containsEntry("replicas", 5);
            widgets().inNamespace(ns).withName("b").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"colour\":\"red\"}}");
            assertThat(spec(widgets().inNamespace(ns).withName("b").get())).containsEntry("colour", "red")
                    .containsEntry("replicas", 5);
            assertThat(b.getMetadata().getUid()).isNotEmpty();

            widgets().inNamespace(ns).withName("a").delete();
            await().atMost(WAIT).until(() -> widgets().inNamespace(ns).withName("a").get() == null);
            assertThat(widgets().inNamespace(ns).list().getItems()).hasSize(1);
        }

        @Test
        void theSchemaPrunesUnknownFieldsAndDefaultsOnRequestsAndFromStorage() {
            CustomResourceDefinition crd = define("widgets");
            GenericKubernetesResource created = createWidget("w", Map.of("replicas", 1, "junk", "x"));

            assertThat(spec(created)).containsEntry("size", "small").doesNotContainKey("junk");

            // a default added later shows on the object stored before, without a write
            JSONSchemaProps specSchema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                    .getProperties().get("spec");
            JSONSchemaProps colour = specSchema.getProperties().get("colour");
            colour.setDefault(Serialization.jsonMapper().valueToTree("blue"));
            String rv = created.getMetadata().getResourceVersion();
            client.apiextensions().v1().customResourceDefinitions().resource(crd).update();

            GenericKubernetesResource read = widgets().inNamespace(ns).withName("w").get();
            assertThat(spec(read)).containsEntry("colour", "blue").containsEntry("size", "small");
            assertThat(read.getMetadata().getResourceVersion()).isEqualTo(rv);
        }

        @Test
        void anObjectOfTheWrongShapeIsInvalidWithOneCausePerField() throws Exception {
            define("widgets");

            HttpResponse<String> r = send("POST", "/apis/example.com/v1/namespaces/" + ns + "/widgets",
                    "application/json", "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":"
                    + "{\"name\":\"w\"},\"spec\":{\"replicas\":\"two\",\"size\":\"huge\"}}", "application/json");

            assertThat(r.statusCode()).isEqualTo(422);
            JsonNode status = ProtobufTests.json(r.body());
            assertThat(status.path("message").asText()).contains("spec.replicas: Invalid value: \"string\": "
                    + "spec.replicas in body must be of type integer: \"string\"")
                    .contains("spec.size: Unsupported value: \"huge\": supported values: \"small\", \"large\"");
            assertThat(names(status.path("details").path("causes"), "field")).containsExactly("spec.replicas", "spec.size");
            assertThat(widgets().inNamespace(ns).withName("w").get()).isNull();

            createWidget("ok", Map.of("replicas", 1));
            assertThatThrownBy(() -> widgets().inNamespace(ns).withName("ok").edit(w -> {
                spec(w).put("replicas", 1.5);
                return w;
            })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        }

        @Test
        void statusAndScaleAreSubresourcesWhenDeclared() throws Exception {
            define("widgets");
            createWidget("w", Map.of("replicas", 1));
            GenericKubernetesResource withStatus = widgets().inNamespace(ns).withName("w").get();
            withStatus.getAdditionalProperties().put("status", Map.of("replicas", 1, "selector", "app=w"));
            widgets().inNamespace(ns).resource(withStatus).updateStatus();

            // the main resource keeps the stored status
            GenericKubernetesResource current = widgets().inNamespace(ns).withName("w").get();
            current.getAdditionalProperties().put("status", Map.of("replicas", 9));
            widgets().inNamespace(ns).resource(current).update();
            assertThat(widgets().inNamespace(ns).withName("w").get().getAdditionalProperties().get("status"))
                    .isEqualTo(Map.of("replicas", 1, "selector", "app=w"));

            HttpResponse<String> scaled = send("PATCH", "/apis/example.com/v1/namespaces/" + ns + "/widgets/w/scale",
                    "application/merge-patch+json", "{\"spec\":{\"replicas\":3}}", "application/json");
            assertThat(scaled.statusCode()).isEqualTo(200);
            JsonNode scale = ProtobufTests.json(scaled.body());
            assertThat(scale.path("kind").asText()).isEqualTo("Scale");
            assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(1);
            assertThat(scale.path("status").path("selector").asText()).isEqualTo("app=w");
            assertThat(spec(widgets().inNamespace(ns).withName("w").get())).containsEntry("replicas", 3);
        }

        @Test
        void aClusterScopedResourceIsServedAtEveryServedVersionFromOneStore() {
            define("gadgets");
            client.genericKubernetesResources(GADGETS_V1).resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion("example.org/v1").withKind("Gadget").withNewMetadata().withName("g").endMetadata()
                    .addToAdditionalProperties("anything", Map.of("kept", true)).build()).create();

            GenericKubernetesResource atV2 = client.genericKubernetesResources(GADGETS_V2).withName("g").get();

            assertThat(atV2.getApiVersion()).isEqualTo("example.org/v2");
            assertThat(atV2.getAdditionalProperties()).containsEntry("anything", Map.of("kept", true));
            assertThat(client.genericKubernetesResources(GADGETS_V2).list().getItems()).hasSize(1);
        }

        @Test
        void aProtobufBodyIsRefusedWith415AsForEveryCustomResource() throws Exception {
            define("widgets");

            HttpResponse<String> r = send("POST", "/apis/example.com/v1/namespaces/" + ns + "/widgets",
                    "application/vnd.kubernetes.protobuf", "k8s\0", "application/json");

            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(ProtobufTests.json(r.body()).path("reason").asText()).isEqualTo("UnsupportedMediaType");
        }

        @Test
        void strictFieldValidationRefusesWhatTheSchemaDoesNotDeclare() throws Exception {
            define("widgets");
            String body = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
                    + "\"spec\":{\"replicas\":1,\"colur\":\"red\"}}";

            HttpResponse<String> strict = send("POST", "/apis/example.com/v1/namespaces/" + ns
                    + "/widgets?fieldValidation=Strict", "application/json", body, "application/json");
            assertThat(strict.statusCode()).isEqualTo(400);
            assertThat(ProtobufTests.json(strict.body()).path("message").asText())
                    .isEqualTo("strict decoding error: unknown field \"spec.colur\"");
            assertThat(widgets().inNamespace(ns).withName("w").get()).isNull();

            HttpResponse<String> warned = send("POST", "/apis/example.com/v1/namespaces/" + ns
                    + "/widgets?fieldValidation=Warn", "application/json", body, "application/json");
            assertThat(warned.statusCode()).isEqualTo(201);
            assertThat(warned.headers().allValues("Warning")).singleElement().asString().contains("spec.colur");
            assertThat(spec(widgets().inNamespace(ns).withName("w").get())).doesNotContainKey("colur");
        }

        @Test
        void theOpenApiV3DocumentOfTheGroupCarriesTheSchemaWhileTheDefinitionExists() throws Exception {
            define("widgets");

            JsonNode root = getJson("/openapi/v3");
            String url = root.path("paths").path("apis/example.com/v1").path("serverRelativeURL").asText();
            assertThat(url).startsWith("/openapi/v3/apis/example.com/v1?hash=");
            JsonNode schemas = getJson(url).path("components").path("schemas");
            JsonNode widget = schemas.path("com.example.v1.Widget");
            assertThat(widget.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Widget");
            assertThat(widget.path("properties").path("spec").path("properties").path("size").path("default").asText())
                    .isEqualTo("small");
            assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();

            client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();
            assertThat(getJson("/openapi/v3").path("paths").has("apis/example.com/v1")).isFalse();
            assertThat(send("GET", "/openapi/v3/apis/example.com/v1", null, null, "application/json").statusCode())
                    .isEqualTo(404);
        }

        @Test
        void aStrategicMergePatchIsRefusedWith415AsOnARealServer() throws Exception {
            define("widgets");
            createWidget("w", Map.of("replicas", 1));

            HttpResponse<String> r = send("PATCH", "/apis/example.com/v1/namespaces/" + ns + "/widgets/w",
                    "application/strategic-merge-patch+json", "{\"spec\":{\"replicas\":2}}", "application/json");

            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(spec(widgets().inNamespace(ns).withName("w").get())).containsEntry("replicas", 1);
        }

        @Test
        void watchesSeeAddedModifiedAndDeletedWithDefaultsApplied() {
            define("widgets");
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            try (var watch = widgets().inNamespace(ns).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource resource) {
                    events.add(action + " " + resource.getMetadata().getName() + " " + spec(resource).get("size"));
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                createWidget("w", Map.of("replicas", 1));
                widgets().inNamespace(ns).withName("w").edit(w -> {
                    spec(w).put("size", "large");
                    return w;
                });
                widgets().inNamespace(ns).withName("w").delete();

                await().atMost(WAIT).untilAsserted(() -> assertThat(events)
                        .containsExactly("ADDED w small", "MODIFIED w large", "DELETED w large"));
            }
        }

        @Test
        void kubectlGetsTheDeclaredPrinterColumns() throws Exception {
            define("widgets");
            createWidget("w", Map.of("replicas", 2));

            JsonNode table = ProtobufTests.json(send("GET", "/apis/example.com/v1/namespaces/" + ns + "/widgets", null,
                    null, "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").body());

            assertThat(names(table.path("columnDefinitions"), "name")).containsExactly("Name", "Size", "Replicas", "Age");
            JsonNode cells = table.path("rows").get(0).path("cells");
            assertThat(cells.get(0).asText()).isEqualTo("w");
            assertThat(cells.get(1).asText()).isEqualTo("small");
            assertThat(cells.get(2).asInt()).isEqualTo(2);
            assertThat(cells.get(3).asText()).matches("[0-9]+[smhd].*");
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void discoveryServesTheResourceOnlyWhileItsDefinitionExists() throws Exception {
            define("widgets");

            assertThat(names(getJson("/apis").path("groups"), "name")).contains("example.com", "apiextensions.k8s.io");
            JsonNode resources = getJson("/apis/example.com/v1").path("resources");
            assertThat(names(resources, "name")).containsExactly("widgets", "widgets/status", "widgets/scale");
            assertThat(resources.get(0).path("shortNames").get(0).asText()).isEqualTo("wd");
            assertThat(resources.get(0).path("categories").get(0).asText()).isEqualTo("all");
            JsonNode aggregated = ProtobufTests.json(send("GET", "/apis", null, null,
                    Discovery.AGGREGATED_V2 + ",application/json").body());
            List<String> groups = new ArrayList<>();
            aggregated.path("items").forEach(i -> groups.add(i.path("metadata").path("name").asText()));
            assertThat(groups).contains("example.com");

            client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();

            assertThat(names(getJson("/apis").path("groups"), "name")).doesNotContain("example.com");
            assertThat(send("GET", "/apis/example.com/v1", null, null, "application/json").statusCode()).isEqualTo(404);
            assertThat(send("GET", "/apis/example.com/v1/namespaces/" + ns + "/widgets", null, null, "application/json")
                    .statusCode()).isEqualTo(404);
        }

        @Test
        void deletingTheDefinitionDeletesItsObjectsAndARecreatedOneStartsEmpty() {
            define("widgets");
            createWidget("w", Map.of("replicas", 1));
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            try (var watch = widgets().inNamespace(ns).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();
                await().atMost(WAIT).untilAsserted(() -> assertThat(events).containsExactly("ADDED w", "DELETED w"));
            }

            define("widgets");
            assertThat(widgets().inNamespace(ns).list().getItems()).isEmpty();
        }

        @Test
        void watchesOfTheResourceEndWhenTheDefinitionGoesAfterTheirDeletedEvents() throws Exception {
            define("widgets");
            createWidget("w", Map.of("replicas", 1));
            HttpResponse<java.util.stream.Stream<String>> watch = http.send(HttpRequest.newBuilder(URI.create(
                    server.url() + "/apis/example.com/v1/namespaces/" + ns + "/widgets?watch=true")).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            var lines = java.util.concurrent.CompletableFuture.supplyAsync(() -> watch.body().toList());

            client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();

            List<String> events = lines.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(events).hasSize(2);
            assertThat(ProtobufTests.json(events.get(0)).path("type").asText()).isEqualTo("ADDED");
            assertThat(ProtobufTests.json(events.get(1)).path("type").asText()).isEqualTo("DELETED");
        }

        @Test
        void quotasCountCustomResourcesByCountPluralDotGroup() {
            define("widgets");
            client.resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder().withNewMetadata().withName("q")
                    .endMetadata().withNewSpec().addToHard("count/widgets.example.com", new Quantity("1")).endSpec()
                    .build()).create();
            createWidget("one", Map.of());

            assertThat(client.resourceQuotas().inNamespace(ns).withName("q").get().getStatus().getUsed())
                    .containsEntry("count/widgets.example.com", new Quantity("1"));
            assertThatThrownBy(() -> createWidget("two", Map.of()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("exceeded quota: q");
        }

        @Test
        void orphaningAClusterScopedOwnerKeepsItsClusterScopedDependents() {
            define("gadgets");
            var gadgets = client.genericKubernetesResources(GADGETS_V1);
            GenericKubernetesResource owner = gadgets.resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion("example.org/v1").withKind("Gadget").withNewMetadata().withName("owner").endMetadata()
                    .build()).create();
            gadgets.resource(new GenericKubernetesResourceBuilder().withApiVersion("example.org/v1").withKind("Gadget")
                    .withNewMetadata().withName("dependent").addNewOwnerReference().withApiVersion("example.org/v1")
                    .withKind("Gadget").withName("owner").withUid(owner.getMetadata().getUid()).endOwnerReference()
                    .endMetadata().build()).create();

            gadgets.withName("owner").withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN)
                    .delete();

            await().atMost(WAIT).until(() -> gadgets.withName("owner").get() == null);
            GenericKubernetesResource dependent = gadgets.withName("dependent").get();
            assertThat(dependent).isNotNull();
            assertThat(dependent.getMetadata().getOwnerReferences()).isNullOrEmpty();
        }

        @Test
        void garbageCollectionAndNamespaceDeletionCoverCustomResources() {
            define("widgets");
            ConfigMap owner = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("owner").endMetadata().build()).create();
            GenericKubernetesResource owned = widget("owned", Map.of());
            owned.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                    .withApiVersion("v1").withKind("ConfigMap").withName("owner").withUid(owner.getMetadata().getUid())
                    .build()));
            widgets().inNamespace(ns).resource(owned).create();
            createWidget("free", Map.of());

            client.configMaps().inNamespace(ns).withName("owner").delete();
            await().atMost(WAIT).until(() -> widgets().inNamespace(ns).withName("owned").get() == null);

            client.namespaces().withName(ns).delete();
            await().atMost(WAIT).until(() -> client.namespaces().withName(ns).get() == null);
            assertThat(widgets().inAnyNamespace().list().getItems()).noneMatch(w -> ns.equals(w.getMetadata()
                    .getNamespace()));
        }
    }
}
