package io.fede2e.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterProviders;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import io.fede2e.provider.azure.fakes.FakeArm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureProviderFactoryTests {

    @TempDir
    Path home;

    final FakeArm arm = new FakeArm();

    @AfterEach
    void stop() {
        arm.close();
    }

    /** The real credential chain (no fake credential), with {@code env} as the environment. */
    AzureProviderFactory factory(Map<String, String> env) {
        return new AzureProviderFactory(() -> new AzureSettings(arm.endpoint(), null, env, home, Clock.systemUTC(),
                TestSettings.ZEROS, 22, 6443, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(10),
                Duration.ofSeconds(1), () -> "203.0.113.7"));
    }

    static ClusterSpec spec(Map<String, String> options) {
        return new ClusterSpec("fede2e-nightly-1", 3, "v1.33.0", options);
    }

    @Nested
    class Preflight {
        @Test
        void withoutCredentialsItNamesTheVariablesAndAsksNothing() {
            assertThatThrownBy(() -> factory(Map.of()).preflight(spec(Map.of("subscription", FakeArm.SUBSCRIPTION))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(Credentials.HINT);
            assertThat(Credentials.HINT).contains("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "az login")
                    .doesNotContain("\n");
            assertThat(arm.requestCount()).isZero();
        }

        @Test
        void upWithoutCredentialsStopsTheSameWayAndCreatesNothing() {
            var provider = factory(Map.of()).create();

            assertThatThrownBy(() -> provider.up(spec(Map.of("subscription", FakeArm.SUBSCRIPTION))))
                    .hasMessage(Credentials.HINT);
            provider.down();
            assertThat(arm.requestCount()).isZero();
        }

        @Test
        void aServicePrincipalWithoutASubscriptionAsksForTheSubscription() {
            Map<String, String> env = Map.of("AZURE_CLIENT_ID", "c", "AZURE_TENANT_ID", "t", "AZURE_CLIENT_SECRET", "s");

            assertThatThrownBy(() -> factory(env).preflight(spec(Map.of())))
                    .hasMessageContaining("set AZURE_SUBSCRIPTION_ID or pass --provider-opt subscription=");
        }

        @Test
        void anAzCliLoginOrAManagedIdentityCounts() throws IOException {
            Files.createDirectories(home.resolve(".azure"));
            Files.writeString(home.resolve(".azure/azureProfile.json"), "{}");
            Files.writeString(home.resolve(".azure/msal_token_cache.json"), "{}");
            Map<String, String> options = Map.of("subscription", FakeArm.SUBSCRIPTION);

            assertThatCode(() -> factory(Map.of()).preflight(spec(options))).doesNotThrowAnyException();
            assertThat(Credentials.found(Map.of("AZURE_MANAGED_IDENTITY", "true"), Path.of("/nonexistent")))
                    .hasValue("managed identity");
            assertThat(Credentials.found(Map.of("AZURE_CLIENT_ID", "c", "AZURE_TENANT_ID", "t",
                    "AZURE_FEDERATED_TOKEN_FILE", "/var/run/token"), Path.of("/nonexistent"))).hasValue("workload identity");
        }

        @Test
        void aBadOptionIsRefusedBeforeAnyCall() {
            Map<String, String> env = Map.of("AZURE_MANAGED_IDENTITY", "true");

            assertThatThrownBy(() -> factory(env).preflight(spec(Map.of("subscription", FakeArm.SUBSCRIPTION,
                    "location", "Mars")))).hasMessageContaining("location='Mars'");
            assertThat(arm.requestCount()).isZero();
        }
    }

    @Nested
    class Listing {
        @Test
        void serviceLoaderFindsAzureWithTheIssuesOptions() {
            ClusterProviderFactory azure = ClusterProviders.find(ClusterProviders.installed(getClass().getClassLoader()),
                    "azure").orElseThrow();

            assertThat(azure.options()).extracting(ProviderOption::name).contains("subscription", "location", "vm-size",
                    "image", "ttl", "mode", "ssh-source-cidr", "keep-key");
            assertThat(azure.options()).filteredOn(o -> o.name().equals("ttl")).singleElement()
                    .extracting(ProviderOption::defaultValue).isEqualTo("6h");
        }

        /**
         * {@code fede2e providers}, and every command that is not an azure run, must not pay for the
         * Azure SDK, JSch or fabric8: the factory answers without them on the class path.
         */
        @Test
        void theFactoryWorksWithoutTheSdkOnTheClassPath() throws Exception {
            ClassLoader withoutSdk = new WithoutSdk(getClass().getClassLoader());
            Class<?> type = Class.forName(AzureProviderFactory.class.getName(), true, withoutSdk);
            Object factory = type.getConstructor().newInstance();

            assertThat(type.getMethod("name").invoke(factory)).isEqualTo("azure");
            assertThat((List<?>) type.getMethod("options").invoke(factory)).hasSizeGreaterThan(5);
            assertThat(type.getMethod("capabilities").invoke(factory).toString()).contains("node-ssh", "load-balancer");
            assertThat(type.getMethod("description").invoke(factory).toString()).contains("kubeadm");
        }
    }

    /** Defines the project's classes itself and refuses the SDK's, JSch's, Reactor's and fabric8's. */
    private static final class WithoutSdk extends ClassLoader {
        private final ClassLoader source;

        WithoutSdk(ClassLoader source) {
            super(ClassLoader.getPlatformClassLoader());
            this.source = source;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!name.startsWith("io.fede2e.")) {
                throw new ClassNotFoundException(name + " is not on this class path");
            }
            try (InputStream in = source.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
