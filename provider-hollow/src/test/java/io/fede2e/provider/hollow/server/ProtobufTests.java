package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProtobufTests {

    /** A body as client-go writes it: the magic, then runtime.Unknown around the object's message. */
    static byte[] envelope(String apiVersion, String kind, Message object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString()).setContentEncoding("").setContentType("").build().toByteArray());
        return out.toByteArray();
    }

    static ObjectNode json(String text) {
        return Store.Json.parseObject(text);
    }

    @Nested
    class Decoding {

        @Test
        void namespaceGetsItsApiVersionAndKindFromTheEnvelope() {
            byte[] body = envelope("v1", "Namespace", V1.Namespace.newBuilder()
                    .setMetadata(Meta.ObjectMeta.newBuilder().setName("e2e-1").putLabels("team", "a")).build());

            assertThat(Protobuf.decode(body)).isEqualTo(json(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"e2e-1\",\"labels\":{\"team\":\"a\"}}}"));
        }

        @Test
        void intOrStringQuantityAndTimeTakeTheirJsonForms() {
            V1.Container container = V1.Container.newBuilder().setName("c").setImage("nginx")
                    .setResources(V1.ResourceRequirements.newBuilder()
                            .putRequests("cpu", Resource.Quantity.newBuilder().setString("100m").build()))
                    .setReadinessProbe(V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
                            .setHttpGet(V1.HTTPGetAction.newBuilder().setPath("/")
                                    .setPort(IntStr.IntOrString.newBuilder().setType(1).setStrVal("http")))))
                    .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80))
                    .build();
            V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                    .setMetadata(Meta.ObjectMeta.newBuilder().setName("web")
                            .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_600_000_000L)))
                    .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(2)
                            .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                                    .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                            .setMaxSurge(IntStr.IntOrString.newBuilder().setType(0).setIntVal(1))
                                            .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))))
                            .setTemplate(V1.PodTemplateSpec.newBuilder().setSpec(V1.PodSpec.newBuilder()
                                    .addContainers(container)
                                    .addVolumes(V1.Volume.newBuilder().setName("data").setVolumeSource(
                                            V1.VolumeSource.newBuilder().setEmptyDir(V1.EmptyDirVolumeSource.newBuilder()))))))
                    .build();

            JsonNode decoded = Protobuf.decode(envelope("apps/v1", "Deployment", deployment));

            assertThat(decoded.at("/metadata/creationTimestamp").asText()).isEqualTo("2020-09-13T12:26:40Z");
            assertThat(decoded.at("/spec/strategy/rollingUpdate")).isEqualTo(json("{\"maxSurge\":1,\"maxUnavailable\":\"25%\"}"));
            JsonNode c = decoded.at("/spec/template/spec/containers/0");
            assertThat(c.at("/resources/requests/cpu").asText()).isEqualTo("100m");
            // Go inlines the probe's handler and the volume's source into their parents' JSON
            assertThat(c.at("/readinessProbe")).isEqualTo(json("{\"httpGet\":{\"path\":\"/\",\"port\":\"http\"}}"));
            assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(80);
            assertThat(decoded.at("/spec/template/spec/volumes/0")).isEqualTo(json("{\"name\":\"data\",\"emptyDir\":{}}"));
        }

        @Test
        void microTimeKeepsMicrosecondsAndDurationIsGoText() {
            JsonNode lease = Protobuf.decode(envelope("v1", "Event", V1.Event.newBuilder()
                    .setMetadata(Meta.ObjectMeta.newBuilder().setName("e"))
                    .setEventTime(Meta.MicroTime.newBuilder().setSeconds(1_600_000_000L).setNanos(123_456_000))
                    .build()));
            assertThat(lease.path("eventTime").asText()).isEqualTo("2020-09-13T12:26:40.123456Z");

            assertThat(Protobuf.formatDuration(90_000_000_000L)).isEqualTo("1m30s");
            assertThat(Protobuf.formatDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
            assertThat(Protobuf.formatDuration(1_500_000_000L)).isEqualTo("1.5s");
            assertThat(Protobuf.formatDuration(300_000_000L)).isEqualTo("300ms");
            assertThat(Protobuf.formatDuration(0)).isEqualTo("0s");
            assertThat(Protobuf.parseDuration("1h2m3.5s")).isEqualTo(3_723_500_000_000L);
            assertThat(Protobuf.parseDuration("300ms")).isEqualTo(300_000_000L);
        }

        @Test
        void rawExtensionHoldsEmbeddedJson() {
            JsonNode revision = Protobuf.decode(envelope("apps/v1", "ControllerRevision", V1Apps.ControllerRevision
                    .newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("r")).setRevision(3)
                    .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{\"spec\":{\"a\":1}}")))
                    .build()));

            assertThat(revision.path("data")).isEqualTo(json("{\"spec\":{\"a\":1}}"));
            assertThat(revision.path("revision").isNumber()).isTrue();
        }

        @Test
        void deleteOptionsFromAnyGroupAreMetaMessages() {
            JsonNode options = Protobuf.decode(envelope("v1", "DeleteOptions", Meta.DeleteOptions.newBuilder()
                    .setPropagationPolicy("Foreground").setGracePeriodSeconds(0).build()));

            assertThat(options.path("propagationPolicy").asText()).isEqualTo("Foreground");
            assertThat(options.path("gracePeriodSeconds").asLong()).isZero();
        }
    }

    @Nested
    class Encoding {

        @Test
        void roundTripsEveryTypeWhoseFormsDiffer() {
            ObjectNode deployment = json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
                    + "\"creationTimestamp\":\"2020-09-13T12:26:40Z\",\"labels\":{\"app\":\"web\"}},"
                    + "\"spec\":{\"replicas\":3,\"progressDeadlineSeconds\":600,"
                    + "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":0}},"
                    + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\","
                    + "\"resources\":{\"limits\":{\"memory\":\"64Mi\"}},"
                    + "\"livenessProbe\":{\"tcpSocket\":{\"port\":8080},\"periodSeconds\":5}}],"
                    + "\"volumes\":[{\"name\":\"cfg\",\"configMap\":{\"name\":\"c\"}}]}}}}");

            byte[] bytes = Protobuf.encode(deployment).orElseThrow();

            assertThat(new String(bytes, 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("k8s\0");
            assertThat(Protobuf.decode(bytes)).isEqualTo(deployment);
        }

        @Test
        void microTimeRoundTripsToTheMicrosecond() {
            ObjectNode event = json("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"e\"},"
                    + "\"eventTime\":\"2020-09-13T12:26:40.000001Z\"}");
            assertThat(Protobuf.decode(Protobuf.encode(event).orElseThrow())).isEqualTo(event);
        }

        @Test
        void kindsWithoutAMessageStayJson() {
            assertThat(Protobuf.encode(json("{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\"}"))).isEmpty();
            assertThat(Protobuf.encode(json("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":404}"))).isPresent();
        }
    }

    @Nested
    class BadInput {

        @Test
        void bodyWithoutTheMagicIsABadRequestThatSaysWhatToSend() {
            assertThatThrownBy(() -> Protobuf.decode("{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(400))
                    .hasMessageContaining("k8s\\0 magic");
        }

        @Test
        void truncatedEnvelopeIsABadRequest() {
            byte[] body = envelope("v1", "Namespace", V1.Namespace.getDefaultInstance());
            byte[] cut = java.util.Arrays.copyOf(body, body.length + 3);
            cut[cut.length - 3] = (byte) 0xff;
            assertThatThrownBy(() -> Protobuf.decode(cut))
                    .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(400));
        }

        @Test
        void kindWithoutAMessageIsUnsupportedMediaTypeNamingIt() {
            byte[] body = envelope("example.com/v1", "Widget", V1.Namespace.getDefaultInstance());
            assertThatThrownBy(() -> Protobuf.decode(body))
                    .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(415))
                    .hasMessageContaining("Widget example.com/v1").hasMessageContaining("send it as JSON");
        }

        @Test
        void acceptListingJsonTooGetsJson() {
            assertThat(Protobuf.onlyProtobuf("application/vnd.kubernetes.protobuf, application/json")).isFalse();
            assertThat(Protobuf.onlyProtobuf("application/vnd.kubernetes.protobuf, */*")).isFalse();
            assertThat(Protobuf.onlyProtobuf("application/vnd.kubernetes.protobuf")).isTrue();
            assertThat(Protobuf.onlyProtobuf(null)).isFalse();
        }
    }

    @Nested
    class OverHttp extends LiveApiServer {

        private final HttpClient http = HttpClient.newHttpClient();

        @Test
        void createsFromAProtobufBodyAndAnswersProtobufToAClientThatAcceptsOnlyIt() throws Exception {
            byte[] body = envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder()
                    .setMetadata(Meta.ObjectMeta.newBuilder().setName("proto")).putData("k", "v").build());
            HttpResponse<byte[]> created = http.send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/v1/namespaces/" + ns + "/configmaps"))
                    .header("Content-Type", Protobuf.MEDIA_TYPE).header("Accept", Protobuf.MEDIA_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("Content-Type")).contains(Protobuf.MEDIA_TYPE);
            JsonNode answer = Protobuf.decode(created.body());
            assertThat(answer.at("/metadata/uid").asText()).isNotEmpty();
            assertThat(client.configMaps().inNamespace(ns).withName("proto").get().getData()).containsEntry("k", "v");
        }

        @Test
        void answersJsonWhenTheClientAlsoAcceptsIt() throws Exception {
            HttpResponse<String> got = http.send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/v1/namespaces/" + ns))
                    .header("Accept", Protobuf.MEDIA_TYPE + ", application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(got.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(json(got.body()).at("/metadata/name").asText()).isEqualTo(ns);
        }

        @Test
        void errorsReachAProtobufOnlyClientAsAStatusMessage() throws Exception {
            HttpResponse<byte[]> missing = http.send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/v1/namespaces/" + ns + "/configmaps/none"))
                    .header("Accept", Protobuf.MEDIA_TYPE).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(missing.statusCode()).isEqualTo(404);
            JsonNode status = Protobuf.decode(missing.body());
            assertThat(status.path("reason").asText()).isEqualTo("NotFound");
            assertThat(status.path("code").asInt()).isEqualTo(404);
        }
    }
}
