package io.fede2e.provider.api.fakes;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A {@link FakeProvider} with one deliberate flaw, to show that the contract test catches it. */
public final class FlawedProvider implements ClusterProvider {

    /** What goes wrong. */
    public enum Flaw {
        /** down() leaves a thread running. */
        LEAKS_A_THREAD,
        /** down() leaves the API server listening. */
        KEEPS_THE_PORT,
        /** a second down() throws. */
        FAILS_ON_SECOND_DOWN,
        /** down() without up() throws. */
        FAILS_WITHOUT_UP
    }

    private final Flaw flaw;
    private final FakeProvider delegate = new FakeProvider();
    private final Object parked = new Object();
    private Thread leaked;
    private boolean wasDown;
    private boolean wasUp;

    public FlawedProvider(Flaw flaw) {
        this.flaw = flaw;
    }

    /** A factory of providers with {@code flaw}. */
    public static ClusterProviderFactory factory(Flaw flaw) {
        return new ClusterProviderFactory() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public String description() {
                return "A fake provider with a flaw: " + flaw;
            }

            @Override
            public List<ProviderOption> options() {
                return List.of();
            }

            @Override
            public Set<Capability> capabilities() {
                return Set.of();
            }

            @Override
            public ClusterProvider create() {
                return new FlawedProvider(flaw);
            }
        };
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public void up(ClusterSpec spec) {
        wasUp = true;
        delegate.up(spec);
        if (flaw == Flaw.LEAKS_A_THREAD) {
            leaked = new Thread(() -> {
                synchronized (parked) {
                    try {
                        parked.wait(30_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "flawed-provider-worker");
            leaked.setDaemon(true);
            leaked.start();
        }
    }

    @Override
    public void down() {
        if (flaw == Flaw.FAILS_WITHOUT_UP && !wasUp) {
            throw new IllegalStateException("down before up");
        }
        if (flaw == Flaw.FAILS_ON_SECOND_DOWN && wasDown) {
            throw new IllegalStateException("already down");
        }
        wasDown = true;
        if (flaw != Flaw.KEEPS_THE_PORT) {
            delegate.down();
        }
    }

    /** Ends what the flaws left behind, so that the test that used this provider cleans up. */
    public void cleanUp() {
        delegate.down();
        if (leaked != null) {
            leaked.interrupt();
        }
    }

    @Override
    public boolean isUp() {
        return flaw == Flaw.KEEPS_THE_PORT ? !wasDown && delegate.isUp() : delegate.isUp();
    }

    @Override
    public void dumpLogs(Path dir) {
        delegate.dumpLogs(dir);
    }

    @Override
    public Path kubeconfig() {
        return delegate.kubeconfig();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }
}
