package io.fede2e.provider.existing;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The existing provider, pointed at a hollow cluster that ends with the provider's Down. */
final class ProviderWithItsOwnCluster implements ClusterProvider {

    private final ExistingProvider provider;
    private HollowCluster cluster;
    private Path dir;

    ProviderWithItsOwnCluster(ExistingProvider provider) {
        this.provider = provider;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public void up(ClusterSpec spec) {
        try {
            dir = Files.createTempDirectory("fede2e-existing-contract");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster = HollowCluster.start(1);
        Map<String, String> options = new TreeMap<>(spec.options());
        options.put("kubeconfig", cluster.writeKubeconfig(dir.resolve("kubeconfig")).toString());
        options.put("probe-timeout", "1s");
        provider.up(new ClusterSpec(spec.name(), spec.nodeCount(), spec.kubernetesVersion(), options));
    }

    @Override
    public void down() {
        try {
            provider.down();
        } finally {
            if (cluster != null) {
                cluster.close();
                cluster = null;
                deleteTree(dir);
            }
        }
    }

    @Override
    public boolean isUp() {
        return provider.isUp();
    }

    @Override
    public void dumpLogs(Path to) {
        provider.dumpLogs(to);
    }

    @Override
    public Path kubeconfig() {
        return provider.kubeconfig();
    }

    @Override
    public Set<Capability> capabilities() {
        return provider.capabilities();
    }

    @Override
    public Map<String, String> metadata() {
        return provider.metadata();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
