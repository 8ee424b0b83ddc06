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

    @Nested
    class CommandLineFlags {
        @Test
        void masksTheValueAfterASpace() {
            String clean = redactor.redact("kubectl --token abcdef0123456789 get pods --server https://x:6443\n"
                    + "az login --password 'p@ss w0rd' -u bob\n"
                    + "tool --client-secret=inline1234 --api-key\tk3yk3yk3y --access-key \"AKIA1234\" -v");

            assertThat(clean).doesNotContain("abcdef0123456789", "p@ss w0rd", "inline1234", "k3yk3yk3y", "AKIA1234")
                    .contains("--token [REDACTED] get pods", "--server https://x:6443", "-u bob", "-v");
        }

        @Test
        void keepsPathsOfCredentialsAndTheNextFlag() {
            String text = "kubectl --token-file /var/run/token --password-path /etc/pw --secret-name db --token --v=2";

            assertThat(redactor.redact(text)).isEqualTo(text);
        }
    }

    @Nested
    class UrlUserInfo {
        @Test
        void masksThePasswordAndKeepsUserAndHost() {
            String clean = redactor.redact("git clone https://bob:gh0_s3cret@github.com/org/repo.git\n"
                    + "proxy: http://user:p4ss@proxy.local:3128 and postgres://app:pw1234@db:5432/x");

            assertThat(clean).doesNotContain("gh0_s3cret", "p4ss", "pw1234")
                    .contains("https://bob:[REDACTED]@github.com/org/repo.git", "http://user:[REDACTED]@proxy.local:3128",
                            "postgres://app:[REDACTED]@db:5432/x");
        }

        @Test
        void leavesPortsAndPathsWithAtSignsAlone() {
            String text = "https://host:8443/api/v1/users/me@example.com and git@github.com:org/repo.git";

            assertThat(redactor.redact(text)).isEqualTo(text);
        }
    }

    /** The runner learns secrets mid-stream and switches redactors: an open key block must stay open. */
    @Nested
    class SessionsAcrossARedactorChange {
        @Test
        void theRestOfAKeyBlockIsMaskedAfterTheChange() {
            Redactor.Session first = Redactor.patternsOnly().session();
            String begin = first.line("-----BEGIN RSA PRIVATE KEY-----");
            Redactor.Session next = Redactor.patternsOnly().plus(Set.of("learnt-secret")).session(first);

            String body = next.line("MIIEowIBAAKCAQEA7bq98secondHalfOfTheKey");
            String end = next.line("-----END RSA PRIVATE KEY-----");
            String after = next.line("uses learnt-secret");

            assertThat(begin + body + end).doesNotContain("MIIEowIBAAKCAQEA7bq98secondHalfOfTheKey");
            assertThat(after).isEqualTo("uses [REDACTED]");
        }

        @Test
        void anExecEnvValueAfterTheChangeIsMasked() {
            Redactor.Session first = Redactor.patternsOnly().session();
            first.line("  - name: AWS_SECRET_ACCESS_KEY");

            String value = Redactor.patternsOnly().session(first).line("    value: wJalrXUtnFEMIK7MDENG");

            assertThat(value).doesNotContain("wJalrXUtnFEMIK7MDENG");
        }

        @Test
        void withoutAPreviousSessionItStartsFresh() {
            assertThat(Redactor.patternsOnly().session(null).line("plain")).isEqualTo("plain");
        }
    }
}
