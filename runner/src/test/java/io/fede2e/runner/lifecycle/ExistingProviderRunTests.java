package io.fede2e.runner.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.runner.fakes.CliHarness;
import io.fede2e.runner.fakes.OutputTree;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fede2e run --provider existing} against clusters that cannot be used: exit 3, one line
 * naming the server and the context, a complete FAILURE build, Down run, no credential anywhere.
 */
class ExistingProviderRunTests {

    private static final String CONTEXT = "ci-cluster";

    @TempDir
    Path cwd;

    private final String token = "sha256~" + UUID.randomUUID();

    private Path kubeconfig(String server) throws IOException {
        Path file = cwd.resolve("kubeconfig.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                contexts:
                - name: %s
                  context:
                    cluster: c
                    user: u
                current-context: %s
                users:
                - name: u
                  user:
                    token: %s
                """.formatted(server, CONTEXT, CONTEXT, token));
        return file;
    }

    private CliHarness.Outcome run(String server) throws IOException {
        return CliHarness.run(cwd, Map.of(), "run", "--provider", "existing", "--kubeconfig",
                kubeconfig(server).toString(), "--provider-opt", "api-timeout=5s");
    }

    /** Exit 3, one error line naming the server and context, and a whole FAILURE build with Down run. */
    private void assertCleanInfrastructureFailure(CliHarness.Outcome o, String server) throws IOException {
        assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(3);
        List<String> upLines = o.err().lines().filter(l -> l.startsWith("Up failed: ")).toList();
        assertThat(upLines).as(o.err()).hasSize(1);
        assertThat(upLines.get(0)).contains(server, "'" + CONTEXT + "'");
        assertThat(o.err()).doesNotContain("\tat ", "Exception");

        Path build = cwd.resolve("_output/bucket/logs/local-existing/1");
        Finished finished = Finished.parse(Files.readAllBytes(build.resolve("finished.json")));
        assertThat(finished.result()).isEqualTo(Result.FAILURE);
        assertThat(build.resolve("started.json")).exists();
        assertThat(build.resolve("artifacts/junit_01.xml")).as("no tests ran").doesNotExist();
        JUnitReport steps = JUnitReader.create().read(cwd.resolve("_output/runs/local-existing/1/artifacts/junit_runner.xml"));
        Map<String, TestCase> byName = steps.testCases().stream()
                .collect(java.util.stream.Collectors.toMap(TestCase::name, c -> c, (a, b) -> b));
        assertThat(byName.get(RunJob.UP).status().isFailure()).isTrue();
        assertThat(byName.get(RunJob.DOWN).status()).as("Down ran and passed").isEqualTo(TestStatus.PASSED);
        assertThat(cwd.resolve("_output/bucket/logs/local-existing/latest-build.txt")).hasContent("1");
        try (Stream<Path> leftovers = Files.list(cwd.resolve("_output/runs/local-existing"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).as("no staging directory left")
                    .containsExactly("1");
        }
        assertThat(OutputTree.readAll(cwd.resolve("_output"))).doesNotContain(token);
        assertThat(o.out() + o.err()).doesNotContain(token);
    }

    @Test
    void aClosedPortExitsThreeNamingTheServerAndTheContext() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String server = "http://127.0.0.1:" + port;

        CliHarness.Outcome o = run(server);

        assertCleanInfrastructureFailure(o, server);
        assertThat(o.err()).contains("does not answer");
    }

    @Nested
    class AgainstAServerRefusingTheCredentials {
        private WireMockServer stub;
        private String server;

        @BeforeEach
        void start() {
            stub = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
            stub.start();
            server = "http://127.0.0.1:" + stub.port();
            stub.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                            + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}")));
        }

        @AfterEach
        void stop() {
            stub.stop();
        }

        @Test
        void exitsThreeSayingSoAndCreatesNothingOnTheCluster() throws IOException {
            CliHarness.Outcome o = run(server);

            assertCleanInfrastructureFailure(o, server);
            assertThat(o.err()).contains("refused the credentials", "HTTP 401");
            List<LoggedRequest> requests = stub.findAll(anyRequestedFor(anyUrl()));
            assertThat(requests).as("Up asked the server").isNotEmpty();
            assertThat(requests).as("nothing was created or deleted on the cluster")
                    .allSatisfy(r -> assertThat(r.getMethod().getName()).isEqualTo("GET"));
        }
    }
}
