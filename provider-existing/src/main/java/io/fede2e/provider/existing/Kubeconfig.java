package io.fede2e.provider.existing;

import io.fede2e.redact.Redactor;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fede2e.provider.api.ProviderException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The user's kubeconfig as this provider sees it: which files, which context, the client
 * configuration for that context, and every credential value in it (for redaction).
 *
 * <p>The files are read with kubectl's rules: an explicit path, else {@code KUBECONFIG} (a list;
 * the first file that names a context or user wins), else {@code ~/.kube/config}.
 */
final class Kubeconfig {

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(token|secret|password|passwd|key|credential).*");

    private final List<Path> files;
    private final String context;
    private final io.fabric8.kubernetes.api.model.Config merged;
    private final Set<String> secrets;

    private Kubeconfig(List<Path> files, String context, io.fabric8.kubernetes.api.model.Config merged,
            Set<String> secrets) {
        this.files = List.copyOf(files);
        this.context = context;
        this.merged = merged;
        this.secrets = Set.copyOf(secrets);
    }

    /**
     * Reads the kubeconfig.
     *
     * @param explicit the {@code kubeconfig} option, if set
     * @param context the {@code context} option, if set; else the kubeconfig's current context
     * @param kubeconfigEnv the value of {@code KUBECONFIG}, or {@code null}
     * @param home the user's home directory
     */
    static Kubeconfig load(Optional<String> explicit, Optional<String> context, String kubeconfigEnv, Path home) {
        List<Path> files = new ArrayList<>();
        String origin;
        if (explicit.isPresent() && !explicit.get().isBlank()) {
            Path p = Path.of(explicit.get()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new ProviderException("kubeconfig " + p + " does not exist or is not a file;"
                        + " pass --kubeconfig PATH to a readable kubeconfig");
            }
            files.add(p);
            origin = "kubeconfig " + p;
        } else if (kubeconfigEnv != null && !kubeconfigEnv.isBlank()) {
            for (String part : kubeconfigEnv.split(Pattern.quote(java.io.File.pathSeparator))) {
                if (!part.isBlank() && Files.isRegularFile(Path.of(part))) {
                    files.add(Path.of(part).toAbsolutePath().normalize());
                }
            }
            origin = "KUBECONFIG=" + kubeconfigEnv;
        } else {
            Path p = home.resolve(".kube").resolve("config");
            if (Files.isRegularFile(p)) {
                files.add(p.toAbsolutePath().normalize());
            }
            origin = "default kubeconfig " + p;
        }
        if (files.isEmpty()) {
            throw new ProviderException("no kubeconfig found (" + origin + ");"
                    + " pass --kubeconfig PATH or set KUBECONFIG to the cluster's kubeconfig");
        }
        io.fabric8.kubernetes.api.model.Config merged = new io.fabric8.kubernetes.api.model.Config();
        merged.setClusters(new ArrayList<>());
        merged.setContexts(new ArrayList<>());
        merged.setUsers(new ArrayList<>());
        Set<String> secrets = new TreeSet<>();
        for (Path file : files) {
            io.fabric8.kubernetes.api.model.Config one = parse(file);
            collectSecrets(one, file, secrets);
            mergeInto(merged, one, file);
        }
        String chosen = context.filter(c -> !c.isBlank()).orElse(merged.getCurrentContext());
        if (chosen == null || chosen.isBlank()) {
            throw new ProviderException(origin + " has no current-context; pass --context NAME (contexts: "
                    + contextNames(merged) + ")");
        }
        NamedContext named = findContext(merged, chosen).orElseThrow(() -> new ProviderException(
                "context '" + chosen + "' is not in " + origin + "; pass --context with one of: " + contextNames(merged)));
        if (named.getContext() == null || named.getContext().getCluster() == null
                || findCluster(merged, named.getContext().getCluster()).isEmpty()) {
            throw new ProviderException("context '" + chosen + "' of " + origin
                    + " names no cluster that the kubeconfig defines; fix the kubeconfig or pick another --context");
        }
        return new Kubeconfig(files, chosen, merged, secrets);
    }

    /** The files read, in order. */
    List<Path> files() {
        return files;
    }

    /** The context in use. */
    String context() {
        return context;
    }

    /** The API server URL of the context, without any user info or query. */
    String server() {
        String cluster = findContext(merged, context).orElseThrow().getContext().getCluster();
        String server = findCluster(merged, cluster).map(NamedCluster::getCluster).map(Cluster::getServer).orElse("");
        return safeUrl(server);
    }

    /** Every credential value of every user in the files; never logged, only used to redact. */
    Set<String> secrets() {
        return secrets;
    }

    /**
     * The client configuration for the context. fabric8 reads the same files, so exec plugins,
     * token files and certificates behave as with kubectl.
     */
    Config clientConfig() {
        try {
            Config config;
            if (files.size() == 1) {
                config = Config.fromKubeconfig(context, files.get(0).toFile());
            } else {
                // Only a merged single document reproduces KUBECONFIG's list semantics here.
                config = Config.fromKubeconfig(context, io.fabric8.kubernetes.client.utils.Serialization.asYaml(merged), files.get(0).toString());
            }
            return config;
        } catch (RuntimeException e) {
            throw new ProviderException("cannot use context '" + context + "' of " + files.get(0) + ": "
                    + Redactor.withSecrets(secrets).oneLine(String.valueOf(e.getMessage()))
                    + "; check the kubeconfig with: kubectl config view --context " + context, e);
        }
    }

    /**
     * Whether {@link #files()} alone, used as kubectl would, reaches this context: one file whose
     * current context is the one in use.
     */
    boolean usableAsIs() {
        return files.size() == 1 && context.equals(merged.getCurrentContext());
    }

    /**
     * Writes a kubeconfig holding only the context in use (as its current context), its cluster
     * and its user, with relative paths made absolute. The file is readable by its owner only.
     */
    void writeSelected(Path target) {
        NamedContext ctx = findContext(merged, context).orElseThrow();
        io.fabric8.kubernetes.api.model.Config out = new io.fabric8.kubernetes.api.model.Config();
        out.setApiVersion("v1");
        out.setKind("Config");
        out.setCurrentContext(context);
        out.setContexts(List.of(ctx));
        out.setClusters(findCluster(merged, ctx.getContext().getCluster()).map(List::of).orElse(List.of()));
        String user = ctx.getContext().getUser();
        out.setUsers(user == null ? List.of()
                : merged.getUsers().stream().filter(u -> user.equals(u.getName())).limit(1).toList());
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(target);
            }
            Files.writeString(target, io.fabric8.kubernetes.client.utils.Serialization.asYaml(out), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProviderException("cannot write the kubeconfig for context '" + context + "' to " + target
                    + ": " + e.getMessage() + "; check that the temporary directory is writable", e);
        }
    }

    /** The URL without user info, query or fragment: safe to show. */
    static String safeUrl(String url) {
        if (url == null || url.isBlank()) {
            return "(no server)";
        }
        try {
            java.net.URI u = java.net.URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return url.strip().replaceAll("[?#].*", "");
            }
            return new java.net.URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return url.strip().replaceAll("[?#].*", "").replaceAll("//[^/@]*@", "//");
        }
    }

    private static io.fabric8.kubernetes.api.model.Config parse(Path file) {
        try {
            io.fabric8.kubernetes.api.model.Config c = KubeConfigUtils.parseConfigFromString(
                    Files.readString(file, StandardCharsets.UTF_8));
            if (c == null) {
                throw new ProviderException("kubeconfig " + file + " is empty; pass --kubeconfig PATH to the cluster's kubeconfig");
            }
            return c;
        } catch (IOException e) {
            throw new ProviderException("cannot read kubeconfig " + file + ": " + e.getMessage()
                    + "; check its permissions", e);
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            // The parser's message may quote the file's content, credentials included: never show it.
            throw new ProviderException("kubeconfig " + file + " is not a valid kubeconfig (YAML with clusters,"
                    + " contexts and users); check it with: kubectl config view --kubeconfig " + file, e.getClass().getName(), null);
        }
    }

    private static void mergeInto(io.fabric8.kubernetes.api.model.Config into, io.fabric8.kubernetes.api.model.Config one,
            Path file) {
        Path dir = file.getParent();
        UnaryOperator<String> abs = p -> p == null || p.isBlank() || Path.of(p).isAbsolute() ? p
                : dir.resolve(p).normalize().toString();
        if (into.getCurrentContext() == null || into.getCurrentContext().isBlank()) {
            into.setCurrentContext(one.getCurrentContext());
        }
        for (NamedCluster c : nullSafe(one.getClusters())) {
            if (c.getName() != null && findCluster(into, c.getName()).isEmpty()) {
                if (c.getCluster() != null) {
                    c.getCluster().setCertificateAuthority(abs.apply(c.getCluster().getCertificateAuthority()));
                }
                into.getClusters().add(c);
            }
        }
        for (NamedContext c : nullSafe(one.getContexts())) {
            if (c.getName() != null && findContext(into, c.getName()).isEmpty()) {
                into.getContexts().add(c);
            }
        }
        for (NamedAuthInfo u : nullSafe(one.getUsers())) {
            if (u.getName() != null && into.getUsers().stream().noneMatch(x -> u.getName().equals(x.getName()))) {
                AuthInfo a = u.getUser();
                if (a != null) {
                    a.setClientCertificate(abs.apply(a.getClientCertificate()));
                    a.setClientKey(abs.apply(a.getClientKey()));
                    a.setTokenFile(abs.apply(a.getTokenFile()));
                    ExecConfig exec = a.getExec();
                    if (exec != null && exec.getCommand() != null && exec.getCommand().contains("/")) {
                        exec.setCommand(abs.apply(exec.getCommand()));
                    }
                }
                into.getUsers().add(u);
            }
        }
    }

    private static void collectSecrets(io.fabric8.kubernetes.api.model.Config config, Path file, Set<String> out) {
        for (NamedAuthInfo named : nullSafe(config.getUsers())) {
            AuthInfo a = named.getUser();
            if (a == null) {
                continue;
            }
            add(out, a.getToken());
            add(out, a.getPassword());
            addWithDecoded(out, a.getClientKeyData());
            if (a.getTokenFile() != null && !a.getTokenFile().isBlank()) {
                Path tokenFile = file.getParent().resolve(a.getTokenFile());
                try {
                    if (Files.isRegularFile(tokenFile) && Files.size(tokenFile) < 64 * 1024) {
                        add(out, Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
                    }
                } catch (IOException | RuntimeException e) {
                    // Unreadable here means unreadable for the client too: nothing of it can leak.
                }
            }
            if (a.getClientKey() != null && !a.getClientKey().isBlank()) {
                Path keyFile = file.getParent().resolve(a.getClientKey());
                try {
                    if (Files.isRegularFile(keyFile) && Files.size(keyFile) < 64 * 1024) {
                        addPem(out, Files.readString(keyFile, StandardCharsets.UTF_8));
                    }
                } catch (IOException | RuntimeException e) {
                    // As above.
                }
            }
            ExecConfig exec = a.getExec();
            if (exec != null) {
                for (ExecEnvVar env : nullSafe(exec.getEnv())) {
                    add(out, env.getValue());
                }
            }
            AuthProviderConfig provider = a.getAuthProvider();
            if (provider != null && provider.getConfig() != null) {
                provider.getConfig().forEach((k, v) -> {
                    if (k != null && SECRET_KEY.matcher(k).matches()) {
                        add(out, v);
                    }
                });
            }
        }
    }

    private static void addWithDecoded(Set<String> out, String base64) {
        if (base64 == null || base64.isBlank()) {
            return;
        }
        add(out, base64.strip());
        try {
            addPem(out, new String(Base64.getMimeDecoder().decode(base64.strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // Not base64: the raw value is already covered.
        }
    }

    /** The key material of a PEM document, line by line, so that a partial quote is caught too. */
    private static void addPem(Set<String> out, String pem) {
        add(out, pem.strip());
        for (String line : pem.split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("-----") && l.length() >= 16) {
                add(out, l);
            }
        }
    }

    private static void add(Set<String> out, String value) {
        if (value != null && !value.isBlank()) {
            out.add(value.strip());
        }
    }

    private static Optional<NamedContext> findContext(io.fabric8.kubernetes.api.model.Config c, String name) {
        return nullSafe(c.getContexts()).stream().filter(x -> name.equals(x.getName())).findFirst();
    }

    private static Optional<NamedCluster> findCluster(io.fabric8.kubernetes.api.model.Config c, String name) {
        return nullSafe(c.getClusters()).stream().filter(x -> name.equals(x.getName())).findFirst();
    }

    private static String contextNames(io.fabric8.kubernetes.api.model.Config c) {
        List<String> names = nullSafe(c.getContexts()).stream().map(NamedContext::getName)
                .filter(n -> n != null).sorted().toList();
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** For metadata: what is safe to say about the kubeconfig. */
    Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kube-context", context);
        m.put("api-server", server());
        return m;
    }
}
