package io.fede2e.provider.existing;

import io.fede2e.provider.api.ProviderException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeconfigTests {

    @TempDir
    Path home;

    @Nested
    class Resolution {

        @Test
        void anExplicitFileWinsOverKubeconfigAndHome() throws IOException {
            Path explicit = Fixtures.writeKubeconfig(home.resolve("a"), "token", Map.of("SERVER", "https://a.invalid",
                    "TOKEN", "tok-aaaa"));
            Path fromEnv = Fixtures.writeKubeconfig(home.resolve("b"), "token", Map.of("SERVER", "https://b.invalid",
                    "TOKEN", "tok-bbbb"));

            Kubeconfig kc = Kubeconfig.load(Optional.of(explicit.toString()), Optional.empty(), fromEnv.toString(), home);

            assertThat(kc.files()).containsExactly(explicit);
            assertThat(kc.server()).isEqualTo("https://a.invalid");
            assertThat(kc.context()).isEqualTo("laptop");
        }

        @Test
        void kubeconfigListsFilesAndTheFirstDefinitionWins() {
            Path first = Fixtures.writeKubeconfig(home.resolve("a"), "token", Map.of("SERVER", "https://first.invalid",
                    "TOKEN", "tok-first"));
            Path second = Fixtures.writeKubeconfig(home.resolve("b"), "two-contexts", Map.of("SERVER",
                    "https://second.invalid"));
            String env = first + java.io.File.pathSeparator + home.resolve("missing") + java.io.File.pathSeparator + second;

            Kubeconfig kc = Kubeconfig.load(Optional.empty(), Optional.of("target"), env, home);

            assertThat(kc.files()).containsExactly(first, second);
            assertThat(kc.server()).isEqualTo("https://second.invalid");
            assertThat(kc.usableAsIs()).isFalse();
            assertThat(kc.secrets()).contains("tok-first", "other-user-token-0123456789");
        }

        @Test
        void homeIsTheLastResort() throws IOException {
            Path dotKube = Files.createDirectories(home.resolve(".kube"));
            Files.writeString(dotKube.resolve("config"), Fixtures.kubeconfig("token", Map.of("SERVER",
                    "https://home.invalid", "TOKEN", "tok-home")));

            Kubeconfig kc = Kubeconfig.load(Optional.empty(), Optional.empty(), null, home);

            assertThat(kc.server()).isEqualTo("https://home.invalid");
            assertThat(kc.usableAsIs()).isTrue();
        }

        @Test
        void nothingFoundSaysWhatToPass() {
            assertThatThrownBy(() -> Kubeconfig.load(Optional.empty(), Optional.empty(), null, home))
                    .isInstanceOf(ProviderException.class)
                    .hasMessage("no kubeconfig found (default kubeconfig " + home.resolve(".kube/config") + "); pass"
                            + " --kubeconfig PATH or set KUBECONFIG to the cluster's kubeconfig");
        }
    }

    @Nested
    class Secrets {

        @Test
        void collectsPasswordsAndTheSecretValuesOfAuthProviders() {
            Path file = Fixtures.writeKubeconfig(home, "auth-provider", Map.of());

            Kubeconfig kc = Kubeconfig.load(Optional.of(file.toString()), Optional.empty(), null, home);

            assertThat(kc.secrets()).contains("basic-auth-password-4711", "oidc-client-secret-4711",
                    "oidc-id-token-4711", "oidc-refresh-token-4711")
                    .doesNotContain("public-client-id", "https://issuer.invalid", "admin");
        }

        @Test
        void readsTheTokenFileRelativeToTheKubeconfig() throws IOException {
            Path dir = home.resolve("cfg");
            Path file = Fixtures.writeKubeconfig(dir, "two-contexts", Map.of("SERVER", "https://t.invalid"));
            Files.createDirectories(dir.resolve("tokens"));
            Files.writeString(dir.resolve("tokens/target"), "token-from-file-0123456789\n");

            Kubeconfig kc = Kubeconfig.load(Optional.of(file.toString()), Optional.of("target"), null, home);

            assertThat(kc.secrets()).contains("token-from-file-0123456789");
        }
    }

    @Nested
    class SelectedContext {

        @Test
        void aContextOtherThanTheCurrentOneIsWrittenAloneWithAbsolutePathsForOwnerOnly() throws IOException {
            Path dir = home.resolve("cfg");
            Path file = Fixtures.writeKubeconfig(dir, "two-contexts", Map.of("SERVER", "https://t.invalid"));
            Kubeconfig kc = Kubeconfig.load(Optional.of(file.toString()), Optional.of("target"), null, home);
            Path target = home.resolve("out/kubeconfig");

            kc.writeSelected(target);

            String text = Files.readString(target, StandardCharsets.UTF_8);
            assertThat(kc.usableAsIs()).isFalse();
            assertThat(text).contains("current-context: \"target\"", dir.resolve("certs/ca.crt").toString(),
                    dir.resolve("tokens/target").toString())
                    .doesNotContain("other-user-token", "other.invalid");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
            Kubeconfig reread = Kubeconfig.load(Optional.of(target.toString()), Optional.empty(), null, home);
            assertThat(reread.context()).isEqualTo("target");
            assertThat(reread.usableAsIs()).isTrue();
        }
    }

    @Nested
    class SafeUrl {

        @Test
        void dropsUserInfoQueryAndFragment() {
            assertThat(Kubeconfig.safeUrl("https://admin:hunter2@api.example.com:6443/k8s?token=abc#x"))
                    .isEqualTo("https://api.example.com:6443/k8s");
        }

        @Test
        void keepsAPlainUrl() {
            assertThat(Kubeconfig.safeUrl("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        }

        @Test
        void saysWhenThereIsNone() {
            assertThat(Kubeconfig.safeUrl(" ")).isEqualTo("(no server)");
        }
    }
}
