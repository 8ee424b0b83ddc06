package io.fede2e.provider.existing;

import io.fede2e.provider.api.Capability;

import java.time.Duration;
import java.util.Objects;

/**
 * What one probe found.
 *
 * @param capability the capability probed
 * @param present whether the cluster has it
 * @param reason why, in one line
 * @param took how long the probe ran
 */
record ProbeOutcome(Capability capability, boolean present, String reason, Duration took) {

    ProbeOutcome {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(took, "took");
        reason = Objects.requireNonNullElse(reason, "").replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** {@code present: reason} or {@code absent: reason}. */
    String verdict() {
        return (present ? "present: " : "absent: ") + reason;
    }
}
