package io.fede2e.provider.azure;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the provider does to the kubeconfigs it fetches: point them at the public address, learn their secrets. */
final class Kubeconfigs {

    private static final Pattern SERVER = Pattern.compile("(?m)^(\\s*server:\\s*)\\S+\\s*$");
    private static final Pattern SECRET = Pattern.compile(
            "(?m)^\\s*(client-key-data|client-certificate-data|token|password):\\s*['\"]?([^'\"\\s]+)['\"]?\\s*$");

    private Kubeconfigs() {
    }

    /** {@code kubeconfig} with every cluster's server set to {@code server}. */
    static String withServer(String kubeconfig, String server) {
        return SERVER.matcher(kubeconfig).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + server));
    }

    /** The credentials in {@code kubeconfig}: client keys and certificates, tokens, passwords. */
    static Set<String> secrets(String kubeconfig) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = SECRET.matcher(kubeconfig);
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }
}
