package io.fede2e.provider.azure;

import io.fede2e.provider.azure.fakes.FakeArm;
import io.fede2e.provider.azure.fakes.FakeCredential;
import io.fede2e.provider.azure.fakes.FakeVms;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Settings that point the provider at the loopback fakes. */
final class TestSettings {

    /** The tests' now: expiry tags are this plus the ttl. */
    static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");
    /** Always 0: every resource group suffix is {@code aaaaa}. */
    static final RandomGenerator ZEROS = () -> 0L;
    static final String PUBLIC_IP = "127.0.0.1";

    private TestSettings() {
    }

    static AzureSettings of(FakeArm arm, FakeVms vms, int apiPort, Path home) {
        return new AzureSettings(arm.endpoint(), new FakeCredential(), Map.of("JOB_NAME", "nightly"), home,
                Clock.fixed(NOW, ZoneOffset.UTC), ZEROS, vms == null ? 22 : vms.port(), apiPort, Duration.ofSeconds(20),
                Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofSeconds(60), () -> "203.0.113.7");
    }

    /** The options of a run on the fakes: subscription and a run id. */
    static Map<String, String> options(String runId) {
        return Map.of("subscription", FakeArm.SUBSCRIPTION, "run-id", runId);
    }
}
