package io.fede2e.runner.lifecycle;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential values of a kubeconfig (tokens, client keys and certificates, passwords, exec
 * environment values), so they are masked wherever they appear later, whatever the format.
 */
public final class KubeconfigSecrets {

    private static final Pattern KEYED = Pattern.compile(
            "(?m)^\\s*-?\\s*(?:token|client-key-data|client-certificate-data|password|access-token|id-token"
                    + "|refresh-token|client-secret)\\s*:\\s*[\"']?([^\\s\"']+)");
    private static final Pattern ENV_VALUE = Pattern.compile("(?m)^\\s*-\\s*name:\\s*\\S+\\s*\\n\\s*value:\\s*[\"']?([^\\s\"']+)");

    private KubeconfigSecrets() {
    }

    /** Tokens, keys, passwords and exec env values found in {@code kubeconfig}. */
    public static Set<String> values(String kubeconfig) {
        Set<String> out = new TreeSet<>();
        for (Pattern p : new Pattern[] {KEYED, ENV_VALUE}) {
            Matcher m = p.matcher(kubeconfig);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
