package io.fede2e.provider.existing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.existing.fakes.FakeRuntime;
import io.fede2e.provider.hollow.server.HollowApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probes' verdicts beyond "absent on hollow": a WireMock proxy in front of a hollow API server
 * answers what hollow does not serve (SubjectAccessReviews, refusals), and a fake runtime, the only
 * controller there, gives pods and Services the outcomes a real kubelet and cloud controller would.
 */
class ProbeVerdictTests {

    private static HollowApiServer cluster;

    @TempDir
    Path home;

    private WireMockServer proxy;
    private ExistingProvider provider;
    private String runId;
    private Path kubeconfig;

    @BeforeAll
    static void startCluster() {
        cluster = HollowApiServer.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void setUp() {
        proxy = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        proxy.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().proxiedFrom(cluster.url())));
        kubeconfig = Fixtures.writeKubeconfig(home, "token", Map.of("SERVER", "http://127.0.0.1:" + proxy.port(),
                "TOKEN", "tok-" + UUID.randomUUID()));
        runId = "v-" + UUID.randomUUID().toString().substring(0, 8);
        provider = Fixtures.provider(home);
    }

    @AfterEach
    void tearDown() {
        try {
            provider.down();
        } finally {
            proxy.stop();
        }
    }

    /** Runs Up probing only {@code capability}, with a bound generous enough for a loaded machine. */
    private ProbeOutcome outcome(Capability capability, Map<String, String> more) {
        Map<String, String> options = new TreeMap<>(Map.of("run-id", runId, "probe-timeout", "20s",
                "probes", capability.name()));
        options.putAll(more);
        provider.up(Fixtures.spec(kubeconfig, options));
        return provider.probeOutcomes().stream().filter(o -> o.capability().equals(capability)).findFirst()
                .orElseThrow();
    }

    private void reviews(String verb, boolean allowed) {
        proxy.stubFor(post(urlPathEqualTo("/apis/authorization.k8s.io/v1/subjectaccessreviews")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.spec.resourceAttributes.verb", equalTo(verb)))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\","
                                + "\"spec\":{},\"status\":{\"allowed\":" + allowed + "}}")));
    }

    @Nested
    class Rbac {

        @Test
        void isPresentWhenReviewsFollowTheRoleBinding() {
            reviews("get", true);
            reviews("delete", false);

            ProbeOutcome o = outcome(Capability.RBAC, Map.of());

            assertThat(o.present()).isTrue();
            assertThat(o.reason()).isEqualTo("SubjectAccessReviews follow a RoleBinding (granted 'get pods' allowed,"
                    + " 'delete pods' denied)");
            assertThat(provider.capabilities()).contains(Capability.RBAC);
        }

        @Test
        void isAbsentWhenEverythingIsAllowed() {
            reviews("get", true);
            reviews("delete", true);

            ProbeOutcome o = outcome(Capability.RBAC, Map.of());

            assertThat(o.present()).isFalse();
            assertThat(o.reason()).contains("allowed 'delete pods', which no RoleBinding grants");
        }

        @Test
        void isAbsentNotFailedWhenTheCredentialsMayNotAsk() {
            proxy.stubFor(post(urlPathEqualTo("/apis/authorization.k8s.io/v1/subjectaccessreviews")).atPriority(1)
                    .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                            .withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                                    + "\"subjectaccessreviews.authorization.k8s.io is forbidden\",\"reason\":\"Forbidden\","
                                    + "\"code\":403}")));

            ProbeOutcome o = outcome(Capability.RBAC, Map.of());

            assertThat(o.present()).isFalse();
            assertThat(o.reason()).startsWith("not permitted to use subjectaccessreviews.authorization.k8s.io (HTTP 403");
        }
    }

    @Nested
    class Namespaces {

        @Test
        void everyProbeIsAbsentWhenNoNamespaceMayBeCreated() {
            proxy.stubFor(post(urlPathEqualTo("/api/v1/namespaces")).atPriority(1)
                    .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                            .withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                                    + "\"namespaces is forbidden\",\"reason\":\"Forbidden\",\"code\":403}")));

            outcome(Capability.DNS, Map.of("probes", "container-runtime,dns,pod-network,rbac"));

            assertThat(provider.capabilities()).isEmpty();
            assertThat(provider.probeOutcomes()).hasSize(4);
            assertThat(provider.probeOutcomes()).allSatisfy(o -> assertThat(o.reason())
                    .startsWith("not permitted to create a namespace for the probe (HTTP 403)"));
        }
    }

    @Nested
    class Pods {

        private void dnsPodPrints(String output) {
            proxy.stubFor(get(urlPathMatching("/api/v1/namespaces/[^/]+/pods/dns/log")).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(output)));
        }

        @Test
        void dnsIsPresentWhenTheLookupExitsZeroWithAnAnswer() throws Exception {
            dnsPodPrints("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                    + "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n");
            try (FakeRuntime runtime = new FakeRuntime(cluster.client(), runId).exits("dns", 0).start()) {
                ProbeOutcome o = outcome(Capability.DNS, Map.of());

                assertThat(o.present()).isTrue();
                assertThat(o.reason()).isEqualTo("a pod resolved kubernetes.default");
            }
        }

        @Test
        void dnsIsAbsentWhenTheLookupExitsZeroWithoutAnAnswer() throws Exception {
            dnsPodPrints("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n");
            try (FakeRuntime runtime = new FakeRuntime(cluster.client(), runId).exits("dns", 0).start()) {
                ProbeOutcome o = outcome(Capability.DNS, Map.of());

                assertThat(o.present()).isFalse();
                assertThat(o.reason()).isEqualTo("pod dns exited 0 but its output holds no answer for kubernetes.default");
            }
        }

        @Test
        void dnsIsAbsentWhenTheLookupExitsZeroButItsOutputCannotBeRead() throws Exception {
            try (FakeRuntime runtime = new FakeRuntime(cluster.client(), runId).exits("dns", 0).start()) {
                ProbeOutcome o = outcome(Capability.DNS, Map.of());

                assertThat(o.present()).isFalse();
                assertThat(o.reason()).startsWith("the logs of pod dns cannot be read (");
            }
        }

        @Test
        void dnsIsAbsentWhenTheLookupFails() throws Exception {
            try (FakeRuntime runtime = new FakeRuntime(cluster.client(), runId).exits("dns", 1).start()) {
                ProbeOutcome o = outcome(Capability.DNS, Map.of());

                assertThat(o.present()).isFalse();
                assertThat(o.reason()).isEqualTo("pod dns could not resolve kubernetes.default (nslookup exit code 1)");
            }
        }

        @Test
        void podNetworkIsPresentWhenTheClientReachesTheServer() throws Exception {
            try (FakeRuntime runtime = new FakeRuntime(cluster.client(), runId).runs("netexec", "10.244.0.2")
                    .exits("client", 0).start()) {
                ProbeOutcome o = outcome(Capability.POD_NETWORK, Map.of());

                assertThat(o.present()).isTrue();
                assertThat(o.reason()).isEqualTo("pod client reached pod netexec at 10.244.0.2:8080");
            }
        }

        @Test
        void anImageThatCannotBePulledEndsTheProbeEarlyNamingTheOption() throws Exception {
            try (FakeRuntime runtime = new FakeRuntime(cluster.client(), runId).waits("dns", "ImagePullBackOff")
                    .start()) {
                ProbeOutcome o = outcome(Capability.DNS, Map.of("probe-timeout", "60s"));

                assertThat(o.present()).isFalse();
                assertThat(o.reason()).startsWith("pod dns cannot start: ImagePullBackOff")
                        .contains("busybox-image");
                assertThat(o.took()).isLessThan(Duration.ofSeconds(30));
            }
        }
    }

    @Nested
    class DownDuringUp {

        @Test
        void stopsTheProbesAndRemovesTheirNamespacesWithoutWaitingForTheirBound() throws Exception {
            // No runtime: the probe pods stay Pending, so only the bound or Down ends the probes.
            Map<String, String> options = Map.of("run-id", runId, "probe-timeout", "120s",
                    "probes", "container-runtime,dns,pod-network");
            Thread up = new Thread(() -> {
                try {
                    provider.up(Fixtures.spec(kubeconfig, options));
                } catch (RuntimeException e) {
                    // Up may end either way; what matters is that it ends.
                }
            }, "test-up");
            up.start();
            await("the three probes' namespaces exist").atMost(Duration.ofSeconds(60))
                    .until(() -> cluster.client().namespaces().withLabel(ExistingOptions.RUN_ID_LABEL, runId).list()
                            .getItems().size() >= 3);
            Instant start = Instant.now();

            provider.down();
            up.join(30_000);

            assertThat(up.isAlive()).isFalse();
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(60));
            assertThat(provider.probeOutcomes()).allSatisfy(o -> assertThat(o.reason())
                    .isEqualTo("stopped: Down started while the probe ran"));
            assertThat(cluster.client().namespaces().withLabel(ExistingOptions.RUN_ID_LABEL, runId).list().getItems())
                    .isEmpty();
        }
    }

    @Nested
    class LoadBalancer {

        @Test
        void isPresentWhenTheServiceGetsAnAddress() throws Exception {
            try (FakeRuntime runtime = new FakeRuntime(cluster.client(), runId).loadBalancers("203.0.113.7").start()) {
                ProbeOutcome o = outcome(Capability.LOAD_BALANCER, Map.of("load-balancer", "true"));

                assertThat(o.present()).isTrue();
                assertThat(o.reason()).isEqualTo("a LoadBalancer Service got ingress 203.0.113.7");
            }
        }
    }
}
