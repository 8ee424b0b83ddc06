package io.fede2e.provider.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProviderOptionTests {

    @Test
    void plainAndSecretOptions() {
        ProviderOption port = ProviderOption.of("port", "API port", "0");
        ProviderOption token = ProviderOption.secret("token", "API token");

        assertThat(port.secret()).isFalse();
        assertThat(port.defaultValue()).isEqualTo("0");
        assertThat(token.secret()).isTrue();
        assertThat(token.defaultValue()).isNull();
    }

    @Test
    void rejectsBadNames() {
        assertThatThrownBy(() -> ProviderOption.of("Port", "x", null))
                .hasMessage("provider option name 'Port' must be lowercase letters, digits and dashes");
    }

    @Test
    void providerExceptionsKeepTheirOutput() {
        ProviderException e = new ProviderException("kubeadm failed on node-1; see its output", "line 1\n", null);

        assertThat(e.output()).isEqualTo("line 1\n");
        assertThat(new ProviderException("x").output()).isEmpty();
        assertThat(new ProviderException("x", "", new IllegalStateException()).getCause())
                .isInstanceOf(IllegalStateException.class);
    }
}
