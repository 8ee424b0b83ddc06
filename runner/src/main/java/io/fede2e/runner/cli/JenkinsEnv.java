package io.fede2e.runner.cli;

import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The variables Jenkins and the 2016 {@code hack/jenkins/e2e-runner.sh} set, read the way that
 * script read them. Flags always win: each accessor takes the flag's value and falls back to the
 * variable only when the flag was not given.
 */
public final class JenkinsEnv {

    private final Env env;

    public JenkinsEnv(Env env) {
        this.env = env;
    }

    /**
     * The job name from JOB_NAME. Jenkins folders and multibranch jobs put '/' in it, which the
     * layout forbids, so each '/' becomes '-' ({@code team/nightly} is job {@code team-nightly}).
     */
    public Optional<String> job() {
        return env.get("JOB_NAME").map(j -> j.replace('/', '-'));
    }

    /** BUILD_NUMBER. */
    public Optional<String> build() {
        return env.get("BUILD_NUMBER");
    }

    /** BUILD_URL, recorded in started.json's metadata. */
    public Optional<String> buildUrl() {
        return env.get("BUILD_URL");
    }

    /** NODE_NAME, started.json's {@code node}. */
    public Optional<String> node() {
        return env.get("NODE_NAME");
    }

    /** KUBERNETES_PROVIDER, the provider. */
    public Optional<String> provider() {
        return env.get("KUBERNETES_PROVIDER");
    }

    /**
     * The results root from JENKINS_GCS_LOGS_PATH. The 2016 scripts uploaded to
     * {@code ${JENKINS_GCS_LOGS_PATH}/${JOB_NAME}/${BUILD_NUMBER}}, so that path is the
     * {@code logs/} directory of the layout: its trailing {@code /logs} is removed to get the root.
     */
    public Optional<String> root() {
        return env.get("JENKINS_GCS_LOGS_PATH").map(JenkinsEnv::withoutLogsDir);
    }

    /**
     * {@code root} without a trailing {@code /logs}: the layout adds {@code logs/} itself, and a
     * root given as the bucket's {@code logs/} directory (as JENKINS_GCS_LOGS_PATH always is, and
     * as users copy it into {@code --to}) would otherwise be written to {@code logs/logs/}. A
     * bucket or directory that is named {@code logs} itself ({@code gs://logs}) is kept.
     */
    static String withoutLogsDir(String root) {
        String s = root;
        while (s.endsWith("/") && s.length() > 1 && !s.endsWith("://")) {
            s = s.substring(0, s.length() - 1);
        }
        int scheme = s.indexOf("://");
        int minimum = scheme < 0 ? 0 : scheme + 3;
        if (s.endsWith("/logs") && s.length() - "/logs".length() > minimum) {
            return s.substring(0, s.length() - "/logs".length());
        }
        return s;
    }

    /** E2E_UP: whether to bring the cluster up (false: reuse the one in the state file). */
    public Optional<Boolean> up() {
        return env.flag("E2E_UP");
    }

    /** E2E_TEST: whether to run the tests. */
    public Optional<Boolean> test() {
        return env.flag("E2E_TEST");
    }

    /** E2E_DOWN: whether to tear the cluster down. */
    public Optional<Boolean> down() {
        return env.flag("E2E_DOWN");
    }

    /** The {@code --ginkgo.focus} values of GINKGO_TEST_ARGS. */
    public List<String> ginkgoFocus() {
        return ginkgo("focus");
    }

    /** The {@code --ginkgo.skip} values of GINKGO_TEST_ARGS. */
    public List<String> ginkgoSkip() {
        return ginkgo("skip");
    }

    /** The {@code --ginkgo.flakeAttempts} of GINKGO_TEST_ARGS. */
    public Optional<Integer> ginkgoFlakeAttempts() {
        List<String> v = ginkgo("flakeAttempts");
        if (v.isEmpty()) {
            v = ginkgo("flake-attempts");
        }
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String last = v.get(v.size() - 1);
        try {
            return Optional.of(Integer.parseInt(last));
        } catch (NumberFormatException e) {
            throw new CliException(CliException.USAGE, "GINKGO_TEST_ARGS --ginkgo.flakeAttempts='" + last
                    + "' is not a number");
        }
    }

    private List<String> ginkgo(String name) {
        List<String> tokens = tokens(env.get("GINKGO_TEST_ARGS").orElse(""));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i).replaceFirst("^--?", "");
            if (t.equals("ginkgo." + name) && i + 1 < tokens.size()) {
                out.add(tokens.get(++i));
            } else if (t.startsWith("ginkgo." + name + "=")) {
                out.add(t.substring(("ginkgo." + name + "=").length()));
            }
        }
        return out;
    }

    /**
     * Splits like a shell, but keeps backslashes: GINKGO_TEST_ARGS held regexes such as
     * {@code --ginkgo.focus=\[Serial\]} whose escapes must reach the regex.
     */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new CliException(CliException.USAGE, "GINKGO_TEST_ARGS has an unclosed " + quote + " quote");
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
