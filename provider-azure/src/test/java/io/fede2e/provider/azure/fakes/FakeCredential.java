package io.fede2e.provider.azure.fakes;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** A credential that hands out {@link FakeArm#TOKEN} and counts how often it was asked. */
public final class FakeCredential implements TokenCredential {

    private final AtomicInteger asked = new AtomicInteger();

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        asked.incrementAndGet();
        return Mono.just(new AccessToken(FakeArm.TOKEN, OffsetDateTime.now().plusHours(1)));
    }

    public int asked() {
        return asked.get();
    }
}
