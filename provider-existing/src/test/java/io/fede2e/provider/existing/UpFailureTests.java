package io.fede2e.provider.existing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fede2e.provider.api.ProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Up against clusters that do not answer or refuse: one line naming the server and the context. */
class UpFailureTests {

    private static final String VERSION = "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.1\","
            + "\"platform\":\"linux/amd64\"}";

    @TempDir
    Path home;

    private final String token = "sha256~" + UUID.randomUUID();

    private Path kubeconfig(String server) {
        return Fixtures.writeKubeconfig(home, "token", Map.of("SERVER", server, "TOKEN", token));
    }

    private ProviderException upFails(Path kubeconfig, Map<String, String> options) {
        ExistingProvider provider = Fixtures.provider(home);
        try {
            return (ProviderException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> provider.up(Fixtures.spec(kubeconfig, options)));
        } finally {
            provider.down();
        }
    }

    @Test
    void aClosedPortIsOneLineNamingTheServerAndTheContext() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String server = "http://127.0.0.1:" + port;

        ProviderException e = upFails(kubeconfig(server), Map.of());

        assertThat(e).hasMessageStartingWith("cluster at " + server + " (kubeconfig context 'laptop') does not answer GET"
                + " /version: connection refused")
                .hasMessageContaining("check that the cluster is running")
                .hasMessageNotContaining("\n").hasMessageNotContaining(token);
    }

    @Nested
    class AgainstAStub {

        private WireMockServer stub;
        private String server;

        @BeforeEach
        void start() {
            stub = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
            stub.start();
            server = "http://127.0.0.1:" + stub.port();
        }

        @AfterEach
        void stop() {
            stub.stop();
        }

        @Test
        void refusedCredentialsAreOneLineSayingSo() {
            stub.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                    .withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Unauthorized\","
                            + "\"reason\":\"Unauthorized\",\"code\":401}")));

            ProviderException e = upFails(kubeconfig(server), Map.of());

            assertThat(e).hasMessage("cluster at " + server + " (kubeconfig context 'laptop') refused the credentials"
                    + " (HTTP 401 Unauthorized) on GET /version; renew them (log in again or refresh the token) and"
                    + " check with: kubectl --context laptop get nodes");
            assertThat(e.output()).doesNotContain(token);
        }

        @Test
        void credentialsThatMayNotListNodesAreOneLineSayingSo() {
            stub.stubFor(get(urlPathEqualTo("/version")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(VERSION)));
            stub.stubFor(get(urlPathEqualTo("/api/v1/nodes")).willReturn(aResponse().withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"nodes is"
                            + " forbidden: User \\\"jane\\\" cannot list resource \\\"nodes\\\" in API group \\\"\\\" at the"
                            + " cluster scope\",\"reason\":\"Forbidden\",\"code\":403}")));

            ProviderException e = upFails(kubeconfig(server), Map.of());

            assertThat(e).hasMessageStartingWith("the credentials of kubeconfig context 'laptop' were refused to list"
                    + " nodes at " + server + " (HTTP 403 Forbidden: nodes is forbidden: User \"jane\" cannot list")
                    .hasMessageEndingWith("check with: kubectl --context laptop auth can-i list nodes")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void aServerThatHangsIsCutOffAtTheApiBound() {
            stub.stubFor(get(urlPathEqualTo("/version")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(VERSION).withFixedDelay(3_000)));
            Instant start = Instant.now();

            ProviderException e = upFails(kubeconfig(server), Map.of("api-timeout", "1s"));

            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
            assertThat(e).hasMessageStartingWith("cluster at " + server + " (kubeconfig context 'laptop') did not answer"
                    + " GET /version within 1s").hasMessageNotContaining("\n");
        }

        @Test
        void aServerAnsweringWithAnErrorIsNamedWithItsStatus() {
            stub.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/plain")
                    .withBody("upstream connect error\nor disconnect")));

            ProviderException e = upFails(kubeconfig(server), Map.of());

            assertThat(e).hasMessageStartingWith("cluster at " + server + " (kubeconfig context 'laptop') answered GET"
                    + " /version with HTTP 503").hasMessageNotContaining("\n");
        }
    }

    @Nested
    class BadKubeconfig {

        @Test
        void aMissingFileSaysWhatToPass() {
            Path missing = home.resolve("nope.yaml");

            ProviderException e = upFails(missing, Map.of());

            assertThat(e).hasMessage("kubeconfig " + missing + " does not exist or is not a file; pass --kubeconfig PATH"
                    + " to a readable kubeconfig");
        }

        @Test
        void anUnknownContextListsTheKnownOnes() {
            ProviderException e = upFails(kubeconfig("http://127.0.0.1:1"), Map.of("context", "prod"));

            assertThat(e).hasMessageStartingWith("context 'prod' is not in kubeconfig ")
                    .hasMessageEndingWith("; pass --context with one of: laptop");
        }

        @Test
        void aFileThatIsNotAKubeconfigIsNamedWithoutQuotingIt() {
            Path hostile = Fixtures.writeKubeconfig(home, "not-yaml", Map.of());

            ProviderException e = upFails(hostile, Map.of());

            assertThat(e).hasMessage("kubeconfig " + hostile + " is not a valid kubeconfig (YAML with clusters, contexts"
                    + " and users); check it with: kubectl config view --kubeconfig " + hostile);
            assertThat(e.output()).doesNotContain("hostile-token");
        }

        @Test
        void noCurrentContextAsksForOne() {
            Path file = Fixtures.writeKubeconfig(home, "no-current-context", Map.of());

            ProviderException e = upFails(file, Map.of());

            assertThat(e).hasMessage("kubeconfig " + file + " has no current-context; pass --context NAME (contexts:"
                    + " alpha, beta)");
        }

        @Test
        void aContextWithoutItsClusterIsNamed() {
            Path file = Fixtures.writeKubeconfig(home, "dangling-context", Map.of());

            assertThatThrownBy(() -> Fixtures.provider(home).up(Fixtures.spec(file, Map.of())))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("context 'dangling' of kubeconfig " + file + " names no cluster");
        }

        @Test
        void aBadDurationNamesTheOption() {
            assertThatThrownBy(() -> Fixtures.provider(home).up(Fixtures.spec(kubeconfig("http://127.0.0.1:1"),
                    Map.of("probe-timeout", "soon"))))
                    .isInstanceOf(ProviderException.class)
                    .hasMessage("provider option probe-timeout='soon' is not a duration; use e.g. 500ms, 30s, 5m or 1h");
        }
    }
}
