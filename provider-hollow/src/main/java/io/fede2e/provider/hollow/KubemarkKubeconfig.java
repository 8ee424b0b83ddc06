package io.fede2e.provider.hollow;

import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fede2e.provider.api.ProviderException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The target cluster's kubeconfig: which file, which context, the client configuration, and the file
 * the tests get (the user's own when its current context is the one in use; otherwise a copy whose
 * current context is, so that the tests never talk to another cluster).
 */
final class KubemarkKubeconfig {

    private final Path file;
    private final String context;
    private final io.fabric8.kubernetes.api.model.Config parsed;

    private KubemarkKubeconfig(Path file, String context, io.fabric8.kubernetes.api.model.Config parsed) {
        this.file = file;
        this.context = context;
        this.parsed = parsed;
    }

    /**
     * Reads the kubeconfig: {@code explicit}, else the first file of {@code kubeconfigEnv}, else
     * {@code ~/.kube/config}; the context is {@code context} or the file's current context.
     *
     * @throws ProviderException with a one-line reason when the file or the context is not usable
     */
    static KubemarkKubeconfig load(Optional<Path> explicit, Optional<String> context, String kubeconfigEnv, Path home) {
        Path file = explicit.orElseGet(() -> kubeconfigEnv != null && !kubeconfigEnv.isBlank()
                ? Path.of(kubeconfigEnv.split(File.pathSeparator)[0])
                : home.resolve(".kube").resolve("config")).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new ProviderException("kubeconfig " + file + " does not exist; pass --kubeconfig PATH of the cluster"
                    + " to put hollow nodes on");
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfig(file.toFile());
        } catch (RuntimeException e) {
            throw new ProviderException("kubeconfig " + file + " is not a kubeconfig (" + firstLine(e.getMessage())
                    + "); pass the file kubectl uses for the cluster", e);
        }
        List<NamedContext> contexts = parsed == null || parsed.getContexts() == null ? List.of() : parsed.getContexts();
        String name = context.orElse(parsed == null ? null : parsed.getCurrentContext());
        if (name == null || name.isBlank()) {
            throw new ProviderException("kubeconfig " + file + " has no current context; pass --context NAME");
        }
        if (contexts.stream().noneMatch(c -> name.equals(c.getName()))) {
            Set<String> known = new TreeSet<>();
            contexts.forEach(c -> known.add(c.getName()));
            throw new ProviderException("kubeconfig " + file + " has no context '" + name + "'; known contexts: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        return new KubemarkKubeconfig(file, name, parsed);
    }

    Path file() {
        return file;
    }

    String context() {
        return context;
    }

    /** The client configuration of the context. */
    Config clientConfig() {
        try {
            return Config.fromKubeconfig(context, file.toFile());
        } catch (RuntimeException e) {
            throw new ProviderException("cannot read context '" + context + "' of kubeconfig " + file + ": "
                    + firstLine(e.getMessage()) + "; check the certificate, key and token files it names", e);
        }
    }

    /** Whether the tests can use the user's file as it is. */
    boolean usableAsIs() {
        return context.equals(parsed.getCurrentContext());
    }

    /**
     * Writes a copy whose current context is the one in use, owner-readable, with the files it names made
     * absolute (they were relative to the original's directory).
     */
    void writeSelected(Path target) {
        parsed.setCurrentContext(context);
        Path base = file.getParent();
        for (NamedCluster c : orEmpty(parsed.getClusters())) {
            if (c.getCluster() != null) {
                c.getCluster().setCertificateAuthority(absolute(base, c.getCluster().getCertificateAuthority()));
            }
        }
        for (NamedAuthInfo u : orEmpty(parsed.getUsers())) {
            if (u.getUser() != null) {
                u.getUser().setClientCertificate(absolute(base, u.getUser().getClientCertificate()));
                u.getUser().setClientKey(absolute(base, u.getUser().getClientKey()));
                u.getUser().setTokenFile(absolute(base, u.getUser().getTokenFile()));
            }
        }
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            KubeConfigUtils.persistKubeConfigIntoFile(parsed, target.toFile());
        } catch (IOException | UnsupportedOperationException e) {
            throw new ProviderException("cannot write the kubeconfig for context '" + context + "' to " + target
                    + ": " + e.getMessage() + "; check java.io.tmpdir", e);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? new ArrayList<>() : list;
    }

    private static String absolute(Path base, String path) {
        if (path == null || path.isBlank() || Path.of(path).isAbsolute() || base == null) {
            return path;
        }
        return base.resolve(path).toString();
    }

    static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
