package io.fede2e.provider.existing;

import io.fede2e.provider.api.ClusterSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Test fixtures: kubeconfig templates, specs, and providers with a fixed clock. */
final class Fixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T23:59:58Z"), ZoneOffset.UTC);

    private Fixtures() {
    }

    /** The fixture text of {@code kubeconfig/<scenario>/kubeconfig.yaml}, placeholders replaced. */
    static String kubeconfig(String scenario, Map<String, String> values) {
        String resource = "/kubeconfig/" + scenario + "/kubeconfig.yaml";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> e : values.entrySet()) {
                text = text.replace("@" + e.getKey() + "@", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeKubeconfig(Path dir, String scenario, Map<String, String> values) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("kubeconfig-" + scenario + ".yaml"), kubeconfig(scenario, values),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A provider with a seeded random, no KUBECONFIG, {@code home} as home and temp root. Its clock
     * ticks: the probes' and Down's bounds are measured with it.
     */
    static ExistingProvider provider(Path home) {
        return new ExistingProvider(Clock.systemUTC(), new SplittableRandom(7), null, home, home.resolve("tmp"));
    }

    /** A spec for the cluster behind {@code kubeconfig}, with short bounds so that tests stay quick. */
    static ClusterSpec spec(Path kubeconfig, Map<String, String> more) {
        Map<String, String> options = new HashMap<>();
        options.put("kubeconfig", kubeconfig.toString());
        options.put("probe-timeout", "4s");
        options.put("api-timeout", "20s");
        options.put("down-timeout", "20s");
        options.putAll(more);
        return new ClusterSpec("existing", 1, "v1.33.0", options);
    }
}
