package io.fede2e.provider.api.fakes;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ProviderOption;
import java.util.List;
import java.util.Set;

/** The factory of {@link FakeProvider}; registered only by the tests that need it, never globally. */
public final class FakeProviderFactory implements ClusterProviderFactory {

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String description() {
        return "An HTTP server on 127.0.0.1 that answers /version, for tests";
    }

    @Override
    public List<ProviderOption> options() {
        return List.of(ProviderOption.of("greeting", "What the fake says", "hello"));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public ClusterProvider create() {
        return new FakeProvider();
    }
}
