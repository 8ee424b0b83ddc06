package io.fede2e.provider.api;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** Finds installed providers with {@link ServiceLoader}. */
public final class ClusterProviders {

    private ClusterProviders() {
    }

    /** Providers on the class path of {@code loader}, sorted by name. */
    public static List<ClusterProviderFactory> installed(ClassLoader loader) {
        List<ClusterProviderFactory> found = new ArrayList<>();
        ServiceLoader.load(ClusterProviderFactory.class, loader).forEach(found::add);
        found.sort(Comparator.comparing(ClusterProviderFactory::name));
        return List.copyOf(found);
    }

    /**
     * Providers on the class path plus those in the jars of {@code pluginsDir} (ignored when it
     * does not exist), sorted by name. Where two have the same name, the class path wins.
     */
    public static List<ClusterProviderFactory> installed(ClassLoader parent, Path pluginsDir) {
        if (pluginsDir == null || !Files.isDirectory(pluginsDir)) {
            return installed(parent);
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(pluginsDir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(p.toUri().toURL());
            }
        } catch (IOException e) {
            throw new ProviderException("cannot read plugins directory " + pluginsDir + ": " + e.getMessage()
                    + "; check its permissions or remove it", e);
        }
        ClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), parent);
        List<ClusterProviderFactory> found = new ArrayList<>();
        for (ClusterProviderFactory f : installed(loader)) {
            if (found.stream().noneMatch(x -> x.name().equals(f.name()))) {
                found.add(f);
            }
        }
        return List.copyOf(found);
    }

    /** The provider called {@code name}, if installed. */
    public static Optional<ClusterProviderFactory> find(List<ClusterProviderFactory> installed, String name) {
        return installed.stream().filter(f -> f.name().equals(name)).findFirst();
    }

}
