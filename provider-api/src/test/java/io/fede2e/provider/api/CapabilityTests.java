package io.fede2e.provider.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapabilityTests {

    @Test
    void wellKnownCapabilitiesHaveTheirTestNames() {
        assertThat(Capability.CONTAINER_RUNTIME.name()).isEqualTo("container-runtime");
        assertThat(Capability.POD_NETWORK).hasToString("pod-network");
        assertThat(Capability.of("dns")).isEqualTo(Capability.DNS);
        assertThat(Capability.NODE_SSH.name()).isEqualTo("node-ssh");
        assertThat(Capability.LOAD_BALANCER.name()).isEqualTo("load-balancer");
        assertThat(Capability.RBAC.name()).isEqualTo("rbac");
    }

    @Test
    void sortsByName() {
        var sorted = new TreeSet<>(java.util.List.of(Capability.NODE_SSH, Capability.DNS, Capability.RBAC));

        assertThat(sorted).containsExactly(Capability.DNS, Capability.NODE_SSH, Capability.RBAC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "DNS", "9lives", "pod network", "-x", "a_b"})
    void rejectsNamesThatAreNotLowercaseDashed(String name) {
        assertThatThrownBy(() -> Capability.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capability '" + name + "' must be lowercase letters, digits and dashes");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Capability.of(null)).isInstanceOf(NullPointerException.class);
    }
}
