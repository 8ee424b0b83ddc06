package io.fede2e.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FailureTextTests {

    @Nested
    class Normalize {

        @Test
        void replacesWhatDiffersBetweenRuns() {
            assertThat(FailureText.normalize("Get \"http://10.0.3.7:30412/healthz\": dial tcp 10.0.3.7:30412: refused"))
                    .isEqualTo("Get \"http://<IP>/healthz\": dial tcp <IP>: refused");
            assertThat(FailureText.normalize("at 2026-11-28T10:00:01.123Z and 2026-11-28 10:00:01 UTC"))
                    .isEqualTo("at <TIME> and <TIME>");
            assertThat(FailureText.normalize("uid 3f2504e0-4f89-11d3-9a0c-0305e82c3301 gone"))
                    .isEqualTo("uid <UUID> gone");
            assertThat(FailureText.normalize("pod web-7d4f8b9c6-x2k9p not ready on node hollow-node-12"))
                    .isEqualTo("pod <NAME> not ready on node <NAME>");
            assertThat(FailureText.normalize("test/e2e/apps/deployment.go:123 failed, line 42"))
                    .isEqualTo("test/e2e/apps/deployment.go:<LINE> failed, line <LINE>");
            assertThat(FailureText.normalize("container id 0xdeadbeef, image sha 9f86d081884c7d65"))
                    .isEqualTo("container id <HEX>, image sha <HEX>");
            assertThat(FailureText.normalize("listen on localhost:8443 after 5m0s")).isEqualTo(
                    "listen on localhost:<PORT> after <DURATION>");
        }

        @Test
        void makesTheSameFailureOfTwoRunsEqual() {
            String a = "Timed out after 300.000s. Expected pod web-1a2b3c4d-9x8y7 at 10.1.2.3 to be Running";
            String b = "Timed out after 300.000s. Expected pod web-5e6f7a8b-q1w2e at 10.9.8.7 to be Running";
            assertThat(FailureText.normalize(a)).isEqualTo(FailureText.normalize(b));
        }

        @Test
        void keepsDifferentFailuresApart() {
            assertThat(FailureText.normalize("connection refused"))
                    .isNotEqualTo(FailureText.normalize("connection reset by peer"));
        }

        @Test
        void boundsHugeTexts() {
            assertThat(FailureText.normalize("x".repeat(100_000))).hasSizeLessThanOrEqualTo(1000);
        }
    }
}
