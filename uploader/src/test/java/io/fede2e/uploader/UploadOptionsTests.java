package io.fede2e.uploader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UploadOptionsTests {

    @Test
    void defaultsAreEightAtOnceFiveAttempts() {
        UploadOptions d = UploadOptions.defaults();
        assertThat(d.parallelism()).isEqualTo(8);
        assertThat(d.attempts()).isEqualTo(5);
        assertThat(d.backoffBase()).isEqualTo(Duration.ofMillis(500));
        assertThat(d.listener()).isSameAs(UploadListener.NONE);
    }

    @Test
    void withersChangeOneThing() {
        UploadListener l = p -> { };
        UploadOptions o = UploadOptions.defaults().withParallelism(2).withAttempts(3)
                .withBackoffBase(Duration.ZERO).withListener(l);
        assertThat(o).isEqualTo(new UploadOptions(2, 3, Duration.ZERO, l));
        assertThat(o.withListener(null).listener()).isSameAs(UploadListener.NONE);
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThatThrownBy(() -> UploadOptions.defaults().withParallelism(0)).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> UploadOptions.defaults().withParallelism(65)).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> UploadOptions.defaults().withAttempts(0)).hasMessageContaining("attempts");
        assertThatThrownBy(() -> UploadOptions.defaults().withBackoffBase(Duration.ofMillis(-1)))
                .hasMessageContaining("backoff");
    }

    @Test
    void writeOptionsRefuseHeaderInjection() {
        assertThatThrownBy(() -> WriteOptions.of("text/plain\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
    }
}
