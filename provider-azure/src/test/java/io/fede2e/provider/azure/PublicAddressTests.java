package io.fede2e.provider.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.fede2e.provider.api.ProviderException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The public address lookup, its service played on loopback by WireMock: what it accepts, how it fails. */
class PublicAddressTests {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    WireMockServer service;

    @BeforeEach
    void start() {
        service = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(8).jettyAcceptors(1));
        service.start();
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + service.port() + "/");
    }

    void answer(int status, String body) {
        service.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    @Test
    void theAddressTheServiceAnswersIsTaken() {
        answer(200, "203.0.113.7\n");

        assertThat(PublicAddress.lookUp(uri(), TIMEOUT)).isEqualTo("203.0.113.7");
    }

    @Test
    void theRealServiceIsOnlyTheDefault() {
        assertThat(PublicAddress.SERVICE).hasHost("api.ipify.org").hasScheme("https");
    }

    @Nested
    class AFailedLookupIsOneLineThatSaysToSetSshSourceCidr {
        @Test
        void whenTheServiceAnswersAnError() {
            answer(503, "<html>\n<body>Service Unavailable</body>\n</html>");

            assertOneLineHint(uri(), "HTTP 503");
        }

        @Test
        void whenTheServiceAnswersSomethingElseThanAnAddress() {
            answer(200, "<html>\n<title>Captive portal: log in</title>\n</html>");

            assertOneLineHint(uri(), "not an IPv4 address");
        }

        @Test
        void whenTheAnswerLooksLikeAnAddressButIsNone() {
            answer(200, "300.1.2.3");

            assertOneLineHint(uri(), "not an IPv4 address");
        }

        @Test
        void whenTheConnectionBreaks() {
            service.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

            assertOneLineHint(uri(), "");
        }

        @Test
        void whenNothingListens() throws Exception {
            int free;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                free = s.getLocalPort();
            }

            assertOneLineHint(URI.create("http://127.0.0.1:" + free + "/"), "");
        }

        void assertOneLineHint(URI service, String reason) {
            assertThatThrownBy(() -> PublicAddress.lookUp(service, TIMEOUT)).isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("cannot learn this machine's public address from " + service)
                    .hasMessageContaining(reason)
                    .hasMessageEndingWith("set it yourself with --provider-opt ssh-source-cidr=<your public address>/32")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
        }
    }
}
