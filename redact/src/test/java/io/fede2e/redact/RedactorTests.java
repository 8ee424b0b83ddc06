package io.fede2e.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RedactorTests {

    private final Redactor redactor = Redactor.withSecrets(Set.of("azureClientSecret123"));

    @Nested
    class Kubeconfig {
        @Test
        void masksTokensKeysAndCertificates() {
            String text = """
                    users:
                    - name: admin
                      user:
                        token: abcdefTOKEN123456
                        client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==
                        client-certificate-data: Q0VSVElGSUNBVEVEQVRB
                        password: hunter2hunter2
                    """;
            String clean = redactor.redact(text);
            assertThat(clean).doesNotContain("abcdefTOKEN123456", "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==",
                    "Q0VSVElGSUNBVEVEQVRB", "hunter2hunter2").contains("token: " + Redactor.MASK).contains("- name: admin");
        }

        @Test
        void masksExecEnvValuesOnTheLineAfterTheirName() {
            String clean = redactor.redact("""
                    exec:
                      env:
                      - name: AWS_SECRET_ACCESS_KEY
                        value: wJalrXUtnFEMIK7MDENG
                    """);
            assertThat(clean).doesNotContain("wJalrXUtnFEMIK7MDENG").contains("- name: AWS_SECRET_ACCESS_KEY");
        }

        @Test
        void masksExecEnvInJson() {
            assertThat(redactor.redact("{\"env\":[{\"name\":\"TOKEN_X\",\"value\":\"qwertyuiop123\"}]}"))
                    .doesNotContain("qwertyuiop123");
        }
    }

    @Test
    void masksAPrivateKeyBlockAcrossLines() {
        Redactor.Session s = redactor.session();
        String l1 = s.line("-----BEGIN OPENSSH PRIVATE KEY-----");
        String l2 = s.line("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ");
        String l3 = s.line("-----END OPENSSH PRIVATE KEY-----");
        String l4 = s.line("after the key");
        assertThat(l1 + l2 + l3).doesNotContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ");
        assertThat(l4).isEqualTo("after the key");
    }

    @Test
    void masksAPrivateKeyOnOneLine() {
        assertThat(redactor.redact("{\"key\":\"-----BEGIN PRIVATE KEY-----\\nMIIEabc\\n-----END PRIVATE KEY-----\\n\"}"))
                .doesNotContain("MIIEabc");
    }

    @Test
    void masksSignedUrlsAndSasTokens() {
        String clean = redactor.redact(String.join("\n",
                "https://a.blob.core.windows.net/c?sv=2021&ss=b&sig=AbC%2Fdef123&se=2030",
                "https://storage.googleapis.com/b/o?X-Goog-Signature=deadbeef0011&X-Goog-Date=1",
                "https://s3.amazonaws.com/b/o?X-Amz-Signature=cafe1234&X-Amz-Credential=AKIAXYZ"));
        assertThat(clean).doesNotContain("AbC%2Fdef123", "deadbeef0011", "cafe1234", "AKIAXYZ")
                .contains("sv=2021", "X-Goog-Date=1");
    }

    @Test
    void masksAssignmentsAndAuthorizationHeaders() {
        String clean = redactor.redact(String.join("\n", "password=pw1 secret=s3cr3t token=tok1 user=bob",
                "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9abc", "curl -H 'Authorization: Basic dXNlcjpwYXNz'",
                "DB_PASSWORD=longpassword AccountKey=abc123=="));
        assertThat(clean).doesNotContain("pw1", "s3cr3t", "tok1", "eyJhbGciOiJSUzI1NiJ9abc", "dXNlcjpwYXNz",
                "longpassword", "abc123==").contains("user=bob");
    }

    @Test
    void masksDeclaredSecretValuesAnywhere() {
        assertThat(redactor.redact("login with azureClientSecret123 now")).isEqualTo("login with [REDACTED] now");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "[sig-apps] Deployment should roll out a new ReplicaSet [Conformance] (1.20s)\nbearer token docs";
        assertThat(redactor.redact(text)).isEqualTo(text);
    }

    /** Lines without a ':' or '=' skip most patterns: the ones that need neither must still apply. */
    @Nested
    class LinesWithoutAssignments {
        @Test
        void masksABareBearerTokenInAnyCase() {
            assertThat(redactor.redact("sent BEARER abcdefghijklmnop0123 upstream"))
                    .isEqualTo("sent BEARER [REDACTED] upstream");
        }

        @Test
        void masksABareJwt() {
            assertThat(redactor.redact("got eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f back"))
                    .isEqualTo("got [REDACTED] back");
        }

        @Test
        void masksUpperCaseAssignmentsAndSignedUrls() {
            String clean = redactor.redact("PASSWORD=Hunter22 X-AMZ-SIGNATURE=ABCDEF0123 CLIENT_KEY: k3yk3y");
            assertThat(clean).doesNotContain("Hunter22", "ABCDEF0123", "k3yk3y");
        }

        @Test
        void masksADeclaredSecretOnALineWithNoMarkers() {
            assertThat(redactor.redact("xazureClientSecret123x")).isEqualTo("x[REDACTED]x");
        }

        @Test
        void leavesTestNamesAndProgressLinesAlone() {
            String text = "[PASS] Trivial0Test t0() (0.00s)\n[FAIL] [sig-node] Pods should run [Feature:Pods] (1.00s): "
                    + "expected 1 but was 2";
            assertThat(redactor.redact(text)).isEqualTo(text);
        }
    }

    @Nested
    class Literals {
        @Test
        void masksEveryOccurrenceAndTheLongerSecretWhole() {
            Redactor r = Redactor.withSecrets(Set.of("abcd1234", "abcd1234-suffix"));

            assertThat(r.redact("a=abcd1234-suffix b=abcd1234 c=abcd1234"))
                    .isEqualTo("a=[REDACTED] b=[REDACTED] c=[REDACTED]");
        }

        @Test
        void leavesValuesTooShortToMaskUsefully() {
            Redactor r = Redactor.withSecrets(Set.of("x", "ab", "", "  "));

            assertThat(r.redact("max and abba")).isEqualTo("max and abba");
        }
    }

    @Nested
    class OneLine {
        @Test
        void squeezesOntoOneLineAfterRedacting() {
            assertThat(Redactor.withSecrets(Set.of("hunter22")).oneLine("first\r\n  hunter22\nthird  "))
                    .isEqualTo("first [REDACTED] third");
        }

        @Test
        void treatsNullAsEmpty() {
            assertThat(Redactor.patternsOnly().oneLine(null)).isEmpty();
        }
    }
}
