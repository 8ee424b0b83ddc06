package io.fede2e.provider.existing;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials planted in a kubeconfig (a token, a client key, an exec plugin's environment and
 * the token the plugin prints) reach neither the dump nor the log, even when the cluster echoes
 * them back in an Event.
 */
class SecretsTests {

    private static final Path LOG = Path.of("target", "provider-existing-tests.log");

    @TempDir
    Path home;

    private HollowCluster cluster;
    private ExistingProvider provider;
    private String token;
    private String envSecret;
    private String execToken;
    private String keyData;
    private String keyPemLine;
    private Path kubeconfig;

    @BeforeEach
    void plant() throws Exception {
        cluster = HollowCluster.start(1);
        token = "planted-token-" + UUID.randomUUID();
        envSecret = "planted-env-" + UUID.randomUUID();
        execToken = "planted-exec-token-" + UUID.randomUUID();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        keyData = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        keyPemLine = pem.lines().skip(3).findFirst().orElseThrow();
        Path plugin = home.resolve("credential-plugin.sh");
        Files.writeString(plugin, "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + execToken + "\"}}'\n");
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
        kubeconfig = Fixtures.writeKubeconfig(home, "secrets", Map.of("SERVER", cluster.url(), "TOKEN", token,
                "KEYDATA", keyData, "EXEC", plugin.toString(), "ENVSECRET", envSecret));
        provider = Fixtures.provider(home);
    }

    @AfterEach
    void stop() {
        try {
            provider.down();
        } finally {
            cluster.close();
        }
    }

    private List<String> planted() {
        return List.of(token, envSecret, execToken, keyData, keyPemLine);
    }

    @Test
    void theProviderNamesEveryPlantedValueForTheRunnerToRedact() {
        provider.up(Fixtures.spec(kubeconfig, Map.of("probe-timeout", "1s")));

        assertThat(provider.secretValues()).contains(token, envSecret, execToken, keyData, keyPemLine);
    }

    @Test
    void neitherTheDumpNorTheLogNorTheMetadataShowsThem(@TempDir Path artifacts) throws IOException {
        String runId = "secrets-" + UUID.randomUUID().toString().substring(0, 8);
        provider.up(Fixtures.spec(kubeconfig, Map.of("probe-timeout", "1s", "run-id", runId)));
        String namespace = "e2e-leaky-" + runId;
        cluster.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels(ExistingOptions.RUN_ID_LABEL, runId).endMetadata().build()).create();
        // A workload that echoes its credentials: the cluster hands them back in an Event.
        cluster.admin().v1().events().inNamespace(namespace).resource(new EventBuilder().withNewMetadata()
                .withName("leak.1").endMetadata().withType("Warning").withReason("Leak")
                .withMessage("login with " + String.join(" and ", planted()))
                .withNewInvolvedObject().withKind("Pod").withName("app").withNamespace(namespace).endInvolvedObject()
                .build()).create();

        provider.dumpLogs(artifacts);

        String events = Files.readString(artifacts.resolve("cluster/namespaces/" + namespace + "/events.txt"));
        assertThat(events).contains("login with [REDACTED] and [REDACTED]");
        try (Stream<Path> files = Files.walk(artifacts)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(text).as(file.toString()).doesNotContain(planted());
            }
        }
        assertThat(String.join("\n", provider.metadata().values())).doesNotContain(planted());
        assertThat(String.join("\n", provider.saveState().values())).doesNotContain(planted());
        assertThat(provider.toString()).doesNotContain(planted());
        provider.down();
        assertThat(Files.readString(LOG, StandardCharsets.UTF_8)).contains(runId).doesNotContain(planted());
    }
}
