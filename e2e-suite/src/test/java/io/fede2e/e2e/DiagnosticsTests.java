package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failure report, against a mock API server answering with canned responses. */
class DiagnosticsTests {

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        server.expect().get().withPath("/api/v1/namespaces/ns/events").andReturn(200, new EventListBuilder()
                .addNewItem().withNewMetadata().withName("b").endMetadata().withType("Normal").withReason("Started")
                .withLastTimestamp("2026-01-01T00:00:02Z").withMessage("second").withNewInvolvedObject()
                .withKind("Pod").withName("web").endInvolvedObject().endItem()
                .addNewItem().withNewMetadata().withName("a").endMetadata().withType("Warning").withReason("BackOff")
                .withLastTimestamp("2026-01-01T00:00:01Z").withMessage("first").withCount(3).withNewInvolvedObject()
                .withKind("Pod").withName("web").endInvolvedObject().endItem().build()).always();
        server.expect().get().withPath("/api/v1/namespaces/ns/pods").andReturn(200, new PodListBuilder()
                .addToItems(new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").endMetadata()
                        .withNewSpec().withNodeName("node-1").endSpec().withNewStatus().withPhase("Running")
                        .addNewContainerStatus().withName("app").withReady(false).withRestartCount(2).withNewState()
                        .withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus()
                        .endStatus().build()).build()).always();
        server.expect().get().withPath("/api/v1/namespaces/ns/pods/web/log?pretty=false&container=app&tailLines=50")
                .andReturn(200, "starting\n\u001b[31mpanic: boom\u001b[0m\n").always();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void listsEventsInTimeOrderPodStatusesAndContainerLogs() {
        String report = Diagnostics.report(client, "ns", true);

        assertThat(report).isEqualTo("""
                === diagnostics of namespace ns ===
                --- events (2) ---
                2026-01-01T00:00:01Z Warning BackOff Pod/web: first (x3)
                2026-01-01T00:00:02Z Normal Started Pod/web: second
                --- pods (1) ---
                web: phase Running, node node-1, conditions: none, containers: app waiting (CrashLoopBackOff), ready=false, restarts=2
                --- logs of web/app (last 50 lines) ---
                starting
                [31mpanic: boom[0m
                """);
    }

    @Test
    void withoutAContainerRuntimeSaysWhyThereAreNoLogs() {
        assertThat(Diagnostics.report(client, "ns", false))
                .endsWith("--- container logs: not collected, the provider does not offer capability container-runtime ---\n")
                .doesNotContain("panic");
    }

    @Test
    void aPartThatCannotBeReadDoesNotHideTheOthers() {
        String report = Diagnostics.report(client, "other", false);

        assertThat(report).contains("--- events: cannot list:").contains("--- pods: cannot list:");
    }
}
