package io.fede2e.provider.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An optional ability of a {@link ClusterProvider}: it finds and deletes what runs left behind
 * after their expiry (a Jenkins agent that died before Down, a Down that failed). {@code fede2e
 * janitor --provider P} lists what {@link #expired} returns and, with {@code --yes}, calls
 * {@link #delete} for each.
 *
 * <p>A janitor only ever returns things that carry fede2e's own tags or labels and whose expiry
 * has passed: it is run unattended from a nightly job, against shared accounts.
 */
public interface Janitor {

    /**
     * What expired runs left behind: things carrying fede2e's tags whose expiry is before
     * {@code cutoff}, sorted by name.
     *
     * @param options the provider options ({@code --provider-opt}), for the account to look in
     * @param cutoff only what expired before this instant
     * @throws IllegalArgumentException when an option is wrong (the message names it)
     * @throws ProviderException when the cloud cannot be listed
     */
    List<Leftover> expired(Map<String, String> options, Instant cutoff);

    /**
     * Deletes one leftover listed by {@link #expired} and waits, with a bound, until it is gone.
     * A leftover that is already gone is success.
     *
     * @throws ProviderException when it cannot be deleted
     */
    void delete(Map<String, String> options, Leftover leftover);
}
