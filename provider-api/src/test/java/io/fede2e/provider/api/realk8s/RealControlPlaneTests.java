package io.fede2e.provider.api.realk8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

class RealControlPlaneTests {

    @Test
    void servesTheKubernetesApiWithTheAdminToken() throws Exception {
        RealControlPlane plane = RealControlPlane.shared();

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(plane.directory().resolve("pki/ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).build();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(plane.server() + "/api/v1/namespaces/default/serviceaccounts/default"))
                .header("Authorization", "Bearer " + plane.adminToken()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"kind\":\"ServiceAccount\"");
        assertThat(plane.kubeconfig()).isRegularFile();
    }
}
