package io.fede2e.provider.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.fakes.FlawedProvider;
import io.fede2e.provider.api.fakes.FlawedProvider.Flaw;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract test fails a provider that breaks the contract, saying how. */
class ProviderContractSelfTests {

    private final List<FlawedProvider> created = new ArrayList<>();

    /** The contract test bound to a flawed provider, with a short grace period. */
    private final class Contract extends ProviderContractTests {
        private final Flaw flaw;

        Contract(Flaw flaw) {
            this.flaw = flaw;
        }

        @Override
        protected ClusterProviderFactory factory() {
            return wrapping(FlawedProvider.factory(flaw), p -> {
                created.add((FlawedProvider) p);
                return p;
            });
        }

        @Override
        protected Duration threadGracePeriod() {
            return Duration.ofMillis(500);
        }
    }

    @AfterEach
    void cleanUp() {
        created.forEach(FlawedProvider::cleanUp);
    }

    @Test
    void catchesALeakedThreadByName() {
        assertThatThrownBy(() -> new Contract(Flaw.LEAKS_A_THREAD).downReleasesEveryPortAndThread())
                .isInstanceOf(AssertionError.class).hasMessageContaining("flawed-provider-worker (daemon)");
    }

    @Test
    void catchesAPortStillOpen() {
        assertThatThrownBy(() -> new Contract(Flaw.KEEPS_THE_PORT).downReleasesEveryPortAndThread())
                .isInstanceOf(AssertionError.class).hasMessageContaining("still accepts connections after down()");
    }

    @Test
    void catchesASecondDownThatThrows() {
        assertThatThrownBy(() -> new Contract(Flaw.FAILS_ON_SECOND_DOWN).downTwiceIsHarmless())
                .isInstanceOf(AssertionError.class).hasMessageContaining("already down");
    }

    @Test
    void catchesADownWithoutUpThatThrows() {
        assertThatThrownBy(() -> new Contract(Flaw.FAILS_WITHOUT_UP).downWithoutUpIsHarmless())
                .isInstanceOf(AssertionError.class).hasMessageContaining("down before up");
    }
}
