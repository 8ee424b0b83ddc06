package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DiscoveryAndTablesTests extends LiveApiServer {

    private static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private static final String AGGREGATED_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode resource(JsonNode list, String field, String name) {
        for (JsonNode r : list) {
            if (r.path(field).asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Nested
    class LegacyDiscovery {

        @Test
        void coreResourcesCarryShortNamesCategoriesAndTheirVerbs() throws Exception {
            JsonNode list = ProtobufTests.json(get("/api/v1", "application/json").body()).path("resources");

            JsonNode namespaces = resource(list, "name", "namespaces");
            assertThat(texts(namespaces.path("shortNames"))).containsExactly("ns");
            assertThat(texts(namespaces.path("verbs"))).doesNotContain("deletecollection").contains("watch");
            assertThat(namespaces.path("singularName").asText()).isEqualTo("namespace");
            assertThat(texts(resource(list, "name", "pods").path("categories"))).containsExactly("all");
            assertThat(texts(resource(list, "name", "serviceaccounts").path("shortNames"))).containsExactly("sa");
            assertThat(resource(list, "name", "secrets").has("shortNames")).isFalse();
        }

        @Test
        void scaleSubresourceNamesItsAutoscalingKind() throws Exception {
            JsonNode list = ProtobufTests.json(get("/apis/apps/v1", "application/json").body()).path("resources");

            JsonNode scale = resource(list, "name", "deployments/scale");
            assertThat(scale.path("group").asText()).isEqualTo("autoscaling");
            assertThat(scale.path("kind").asText()).isEqualTo("Scale");
            assertThat(texts(resource(list, "name", "deployments").path("shortNames"))).containsExactly("deploy");
        }
    }

    @Nested
    class AggregatedDiscovery {

        @Test
        void answersTheV2ListWithItsMediaTypeWhenAskedFirst() throws Exception {
            HttpResponse<String> apis = get("/apis", AGGREGATED_ACCEPT);

            assertThat(apis.headers().firstValue("Content-Type")).contains(Discovery.AGGREGATED_V2);
            JsonNode doc = ProtobufTests.json(apis.body());
            assertThat(doc.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
            JsonNode apps = null;
            for (JsonNode item : doc.path("items")) {
                if (item.at("/metadata/name").asText().equals("apps")) {
                    apps = item;
                }
            }
            assertThat(apps).isNotNull();
            JsonNode deployments = resource(apps.at("/versions/0/resources"), "resource", "deployments");
            assertThat(deployments.path("scope").asText()).isEqualTo("Namespaced");
            assertThat(texts(deployments.path("categories"))).containsExactly("all");
            assertThat(resource(deployments.path("subresources"), "subresource", "scale").at("/responseKind/kind").asText())
                    .isEqualTo("Scale");
        }

        @Test
        void coreGroupHasNoNameAndClientsWithoutTheTypeGetLegacyJson() throws Exception {
            JsonNode core = ProtobufTests.json(get("/api", AGGREGATED_ACCEPT).body());
            assertThat(core.at("/items/0/metadata").has("name")).isFalse();
            assertThat(resource(core.at("/items/0/versions/0/resources"), "resource", "nodes").path("scope").asText())
                    .isEqualTo("Cluster");

            assertThat(ProtobufTests.json(get("/api", "application/json").body()).path("kind").asText())
                    .isEqualTo("APIVersions");
        }
    }

    @Nested
    class ServerSideTables {

        @Test
        void listsConfigMapsWithTheirDataCountAndPartialMetadata() throws Exception {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("two")
                    .endMetadata().addToData("a", "1").addToData("b", "2").build()).create();

            HttpResponse<String> got = get("/api/v1/namespaces/" + ns + "/configmaps", TABLE_ACCEPT);

            assertThat(got.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("as=Table"));
            JsonNode table = ProtobufTests.json(got.body());
            assertThat(table.path("kind").asText()).isEqualTo("Table");
            List<String> columns = new ArrayList<>();
            table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText()));
            assertThat(columns).containsExactly("Name", "Data", "Age");
            assertThat(table.path("rows")).hasSize(1);
            JsonNode row = table.path("rows").get(0);
            assertThat(row.path("cells").get(0).asText()).isEqualTo("two");
            assertThat(row.path("cells").get(1).asInt()).isEqualTo(2);
            assertThat(row.at("/object/kind").asText()).isEqualTo("PartialObjectMetadata");
            assertThat(row.at("/object/metadata/name").asText()).isEqualTo("two");
        }

        @Test
        void nodesHaveTheWideColumnsAtPriorityOne() throws Exception {
            JsonNode table = ProtobufTests.json(get("/api/v1/nodes", TABLE_ACCEPT).body());

            List<String> normal = new ArrayList<>();
            List<String> wide = new ArrayList<>();
            table.path("columnDefinitions").forEach(c -> (c.path("priority").asInt() == 0 ? normal : wide)
                    .add(c.path("name").asText()));
            assertThat(normal).containsExactly("Name", "Status", "Roles", "Age", "Version");
            assertThat(wide).containsExactly("Internal-IP", "External-IP", "OS-Image", "Kernel-Version",
                    "Container-Runtime");
        }

        @Test
        void oneObjectIsATableOfOneRowWithTheWholeObjectWhenAsked() throws Exception {
            JsonNode table = ProtobufTests.json(get("/api/v1/namespaces/" + ns + "?includeObject=Object", TABLE_ACCEPT)
                    .body());

            assertThat(table.path("rows")).hasSize(1);
            assertThat(table.at("/rows/0/cells/1").asText()).isEqualTo("Active");
            assertThat(table.at("/rows/0/object/kind").asText()).isEqualTo("Namespace");
        }

        @Test
        void agesReadAsKubectlPrintsThem() {
            assertThat(Tables.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
            assertThat(Tables.humanDuration(Duration.ofSeconds(200))).isEqualTo("3m20s");
            assertThat(Tables.humanDuration(Duration.ofMinutes(90))).isEqualTo("90m");
            assertThat(Tables.humanDuration(Duration.ofHours(5).plusMinutes(3))).isEqualTo("5h3m");
            assertThat(Tables.humanDuration(Duration.ofHours(52))).isEqualTo("2d4h");
            assertThat(Tables.humanDuration(Duration.ofDays(800))).isEqualTo("2y70d");
        }
    }

    @Nested
    class FieldValidation {

        private HttpResponse<String> post(String query) throws Exception {
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"typo"
                    + query.length() + "\"},\"data\":{\"a\":\"1\"},\"dta\":{\"b\":\"2\"}}";
            return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/" + ns
                    + "/configmaps" + query)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void strictRefusesUnknownFieldsNamingThem() throws Exception {
            HttpResponse<String> refused = post("?fieldValidation=Strict");

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(ProtobufTests.json(refused.body()).path("message").asText())
                    .isEqualTo("strict decoding error: unknown field \"dta\"");
            assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
        }

        @Test
        void warnCreatesAndSaysWhatWasDropped() throws Exception {
            HttpResponse<String> created = post("?fieldValidation=Warn");

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"dta\\\"\"");
        }

        @Test
        void nestedFieldsAreCheckedAgainstTheirSchema() {
            JsonNode deployment = ProtobufTests.json("{\"spec\":{\"replica\":1,\"template\":{\"spec\":{\"containers\":"
                    + "[{\"name\":\"c\",\"imagePullPolicy\":\"Always\",\"imag\":\"x\"}]}}},"
                    + "\"metadata\":{\"labels\":{\"any\":\"label\"}}}");
            ResourceType deployments = ResourceTypes.find("apps/v1", "deployments").orElseThrow();

            assertThat(new OpenApi("v1.33.0", new CustomResources()).unknownFields(deployments, deployment))
                    .containsExactly("spec.replica", "spec.template.spec.containers[0].imag");
        }

        @Test
        void anUnknownDirectiveIsABadRequest() throws Exception {
            assertThat(post("?fieldValidation=Loose").statusCode()).isEqualTo(400);
        }
    }
}
