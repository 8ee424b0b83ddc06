package io.fede2e.provider.existing;

import io.fede2e.provider.api.Capability;

/**
 * A check that a capability works, run in a namespace of its own. A probe returns the reason
 * of its verdict; it throws {@link Absent} to say the capability is missing.
 */
interface Probe {

    Capability capability();

    /** Runs the check in {@code ctx.namespace()}; returns why the capability is present. */
    String run(ProbeContext ctx) throws InterruptedException;

    /** The capability is absent, for the reason given. */
    final class Absent extends RuntimeException {
        Absent(String reason) {
            super(reason, null, false, false);
        }
    }
}
