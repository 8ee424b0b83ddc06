package io.fede2e.provider.azure.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cluster's API server as the runner reaches it on the public address: https with a
 * certificate for 127.0.0.1 (as kubeadm's carries the public address), answering /version.
 */
public final class FakeApiServer implements AutoCloseable {

    private static Path keystore;

    private final WireMockServer wm;

    public FakeApiServer() {
        wm = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore().toString()).keystorePassword("changeit").keyManagerPassword("changeit")
                .keystoreType("PKCS12").containerThreads(8).jettyAcceptors(1));
        wm.start();
        wm.stubFor(get(urlPathEqualTo("/version")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0\",\"platform\":\"linux/amd64\"}")));
    }

    /** One certificate per test JVM, made with the JDK's keytool: SAN IP 127.0.0.1. */
    private static synchronized Path keystore() {
        if (keystore == null) {
            try {
                Path dir = Files.createTempDirectory("fede2e-apiserver");
                Path file = dir.resolve("apiserver.p12");
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "apiserver", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=kube-apiserver", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", "changeit",
                        "-keypass", "changeit").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("keytool failed: " + out);
                }
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                keystore = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return keystore;
    }

    public int port() {
        return wm.httpsPort();
    }

    @Override
    public void close() {
        wm.stop();
    }
}
