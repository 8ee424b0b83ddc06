package io.fede2e.runner.fakes;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.Janitor;
import io.fede2e.provider.api.Leftover;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.ProviderOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider with a janitor and a preflight check, for the runner's tests. Its "cloud" is the
 * file named by option {@code inventory}: one leftover per line, {@code name expires-at job}; each
 * deletion is appended to {@code deleted.txt} beside it. Preflight refuses a spec without option
 * {@code account}, as a cloud provider refuses to start without credentials.
 */
public final class JanitorProviderFactory implements ClusterProviderFactory {

    @Override
    public String name() {
        return "fake-janitor";
    }

    @Override
    public String description() {
        return "A fake cloud whose leftovers the janitor cleans.";
    }

    @Override
    public List<ProviderOption> options() {
        return List.of(ProviderOption.of("inventory", "the file listing the leftovers", null),
                ProviderOption.of("account", "the account to use", null),
                ProviderOption.of("fail-delete", "the leftover whose deletion fails", null));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public void preflight(ClusterSpec spec) {
        if (spec.option("account").isEmpty()) {
            throw new IllegalArgumentException("no account: pass --provider-opt account=NAME");
        }
    }

    @Override
    public ClusterProvider create() {
        return new Cloud();
    }

    static final class Cloud implements ClusterProvider, Janitor {

        @Override
        public List<Leftover> expired(Map<String, String> options, Instant cutoff) {
            Path inventory = Path.of(options.get("inventory"));
            try {
                return Files.readAllLines(inventory).stream().filter(l -> !l.isBlank()).map(l -> l.split(" "))
                        .map(f -> new Leftover("resource group", f[0], Instant.parse(f[1]), Map.of("job", f[2])))
                        .filter(l -> l.expiresAt().isBefore(cutoff))
                        .sorted(Comparator.comparing(Leftover::name)).toList();
            } catch (IOException e) {
                throw new ProviderException("cannot list " + inventory + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void delete(Map<String, String> options, Leftover leftover) {
            if (leftover.name().equals(options.get("fail-delete"))) {
                throw new ProviderException("the cloud refused to delete " + leftover.name() + ": locked");
            }
            Path deleted = Path.of(options.get("inventory")).resolveSibling("deleted.txt");
            try {
                Files.writeString(deleted, leftover.name() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String name() {
            return "fake-janitor";
        }

        @Override
        public void up(ClusterSpec spec) {
            throw new ProviderException("this fake creates no clusters");
        }

        @Override
        public void down() {
        }

        @Override
        public boolean isUp() {
            return false;
        }

        @Override
        public void dumpLogs(Path dir) {
        }

        @Override
        public Path kubeconfig() {
            return null;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }
    }
}
