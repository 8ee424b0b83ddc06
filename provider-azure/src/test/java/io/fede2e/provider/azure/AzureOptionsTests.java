package io.fede2e.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.azure.fakes.FakeArm;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AzureOptionsTests {

    static AzureOptions parse(int nodes, String version, Map<String, String> options, Map<String, String> env) {
        return AzureOptions.of(new ClusterSpec("fede2e-nightly-3", nodes, version, options), env);
    }

    static Map<String, String> with(String key, String value) {
        Map<String, String> o = new HashMap<>(Map.of("subscription", FakeArm.SUBSCRIPTION));
        o.put(key, value);
        return o;
    }

    @Nested
    class Defaults {
        @Test
        void aSubscriptionIsAllItTakes() {
            AzureOptions o = parse(3, "v1.33.0", Map.of("subscription", FakeArm.SUBSCRIPTION), Map.of());

            assertThat(o.location()).isEqualTo("eastus");
            assertThat(o.vmSize()).isEqualTo("Standard_D2s_v5");
            assertThat(o.image()).isEqualTo("Canonical:ubuntu-24_04-lts:server:latest");
            assertThat(o.ttl()).isEqualTo(Duration.ofHours(6));
            assertThat(o.mode()).isEqualTo(Mode.KUBEADM);
            assertThat(o.sshSourceCidr()).isNull();
            assertThat(o.keepKey()).isFalse();
            assertThat(o.runId()).isEqualTo("fede2e-nightly-3");
            assertThat(o.job()).isEqualTo("local");
        }

        @Test
        void theSubscriptionAndTheJobComeFromTheEnvironment() {
            AzureOptions o = parse(1, "v1.32.4", Map.of(), Map.of("AZURE_SUBSCRIPTION_ID", FakeArm.SUBSCRIPTION,
                    "JOB_NAME", "azure nightly/e2e"));

            assertThat(o.subscription()).isEqualTo(FakeArm.SUBSCRIPTION);
            assertThat(o.job()).isEqualTo("azure-nightly-e2e");
        }

        @Test
        void aksModeAndTheOtherOptionsAreRead() {
            Map<String, String> options = new HashMap<>(Map.of("subscription", FakeArm.SUBSCRIPTION, "mode", "AKS",
                    "location", "westeurope", "vm-size", "Standard_D4s_v5", "ttl", "90m",
                    "ssh-source-cidr", "198.51.100.0/24", "keep-key", "true", "run-id", "nightly-12"));
            AzureOptions o = parse(50, "v1.31.2", options, Map.of());

            assertThat(o).extracting(AzureOptions::mode, AzureOptions::location, AzureOptions::vmSize,
                    AzureOptions::ttl, AzureOptions::sshSourceCidr, AzureOptions::keepKey, AzureOptions::runId,
                    AzureOptions::nodes)
                    .containsExactly(Mode.AKS, "westeurope", "Standard_D4s_v5", Duration.ofMinutes(90),
                            "198.51.100.0/24", true, "nightly-12", 50);
        }
    }

    @Nested
    class Mistakes {
        @Test
        void noSubscriptionNamesTheVariableAndTheOption() {
            assertThatThrownBy(() -> parse(1, "v1.33.0", Map.of(), Map.of()))
                    .hasMessage("no Azure subscription: set AZURE_SUBSCRIPTION_ID or pass --provider-opt "
                            + "subscription=<subscription id>");
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', value = {
            "subscription|my-subscription|provider option subscription='my-subscription' is not valid",
            "location|East US|provider option location='East US' is not valid; pass a region name like eastus",
            "vm-size|D2s_v5|provider option vm-size='D2s_v5' is not valid; pass a size like Standard_D2s_v5",
            "image|ubuntu|provider option image='ubuntu' is not valid; pass publisher:offer:sku:version",
            "ttl|forever|provider option ttl='forever' is not a duration",
            "ttl|1m|provider option ttl=1m must be between 10m and 7 days",
            "mode|gke|provider option mode='gke' is unknown; pass --provider-opt mode=kubeadm or mode=aks",
            "ssh-source-cidr|0.0.0.0|provider option ssh-source-cidr='0.0.0.0' is not valid",
            "ssh-source-cidr|300.1.1.1/32|provider option ssh-source-cidr='300.1.1.1/32' is not valid",
            "keep-key|maybe|provider option keep-key='maybe' is not a boolean",
            "run-id|a run|provider option run-id='a run' is not valid",
        })
        void eachBadOptionIsOneLineNamingIt(String key, String value, String message) {
            assertThatThrownBy(() -> parse(1, "v1.33.0", with(key, value), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        @Test
        void tooManyNodesSaysTheRange() {
            assertThatThrownBy(() -> parse(101, "v1.33.0", with("mode", "kubeadm"), Map.of()))
                    .hasMessage("--nodes 101 is more than 100 workers; pass --nodes 1 to 100");
        }

        @ParameterizedTest
        @CsvSource({"1.33.0", "v1.33", "latest", "v1.33.0-rc.1"})
        void aVersionMustBeARelease(String version) {
            assertThatThrownBy(() -> parse(1, version, with("mode", "kubeadm"), Map.of()))
                    .hasMessageContaining("--kubernetes-version '" + version + "' is not a release version");
        }
    }
}
