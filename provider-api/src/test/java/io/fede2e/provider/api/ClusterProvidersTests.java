package io.fede2e.provider.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.fakes.FakeProviderFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterProvidersTests {

    private static final String SERVICE = "META-INF/services/" + ClusterProviderFactory.class.getName();

    /** A class loader that registers {@code factories} the way a provider jar does. */
    private static ClassLoader registering(Path dir, String... factories) throws IOException {
        Path services = dir.resolve(SERVICE);
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# providers\n" + String.join("\n", factories) + "\n", StandardCharsets.UTF_8);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ClusterProvidersTests.class.getClassLoader());
    }

    /** Compiles a factory called {@code name} into a plugin jar, as a third party would ship it. */
    private static Path pluginJar(Path work, Path plugins, String name) throws IOException {
        String cls = "Plugin" + name.replace("-", "") + "Factory";
        Path src = work.resolve("src-" + name).resolve("plugin").resolve(cls + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package plugin;\n"
                + "import io.fede2e.provider.api.*;\n"
                + "public final class " + cls + " implements ClusterProviderFactory {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"from a plugin jar\"; }\n"
                + "  public java.util.List<ProviderOption> options() { return java.util.List.of(); }\n"
                + "  public java.util.Set<Capability> capabilities() { return java.util.Set.of(Capability.DNS); }\n"
                + "  public ClusterProvider create() { throw new ProviderException(\"not in tests\"); }\n"
                + "}\n", StandardCharsets.UTF_8);
        Path classes = work.resolve("classes-" + name);
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertThat(rc).as("javac of the plugin").isZero();
        Files.createDirectories(plugins);
        Path jar = plugins.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("plugin/" + cls + ".class"));
            out.write(Files.readAllBytes(classes.resolve("plugin").resolve(cls + ".class")));
            out.closeEntry();
            out.putNextEntry(new JarEntry(SERVICE));
            out.write(("plugin." + cls + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Nested
    class ClassPath {

        @Test
        void findsRegisteredFactoriesSortedByName(@TempDir Path dir) throws IOException {
            ClassLoader loader = registering(dir, FakeProviderFactory.class.getName());

            List<ClusterProviderFactory> found = ClusterProviders.installed(loader);

            assertThat(found).extracting(ClusterProviderFactory::name).containsExactly("fake");
            assertThat(ClusterProviders.find(found, "fake")).isPresent();
            assertThat(ClusterProviders.find(found, "azure")).isEmpty();
        }

        @Test
        void findsNothingWithoutRegistrations(@TempDir Path dir) throws IOException {
            assertThat(ClusterProviders.installed(registering(dir))).isEmpty();
        }

        @Test
        void aMissingPluginsDirectoryIsIgnored(@TempDir Path dir) throws IOException {
            ClassLoader loader = registering(dir, FakeProviderFactory.class.getName());

            assertThat(ClusterProviders.installed(loader, dir.resolve("no-such-dir")))
                    .extracting(ClusterProviderFactory::name).containsExactly("fake");
            assertThat(ClusterProviders.installed(loader, null)).hasSize(1);
        }
    }

    @Nested
    class PluginsDirectory {

        @Test
        void loadsFactoriesFromJarsBuiltElsewhere(@TempDir Path work) throws IOException {
            Path plugins = work.resolve("plugins");
            pluginJar(work, plugins, "zeta");
            pluginJar(work, plugins, "alpha");
            Files.writeString(plugins.resolve("README.txt"), "not a jar");
            ClassLoader loader = registering(work.resolve("cp"), FakeProviderFactory.class.getName());

            List<ClusterProviderFactory> found = ClusterProviders.installed(loader, plugins);

            assertThat(found).extracting(ClusterProviderFactory::name).containsExactly("alpha", "fake", "zeta");
            assertThat(ClusterProviders.find(found, "zeta").orElseThrow().capabilities())
                    .containsExactly(Capability.DNS);
        }

        @Test
        void theClassPathWinsOverAPluginOfTheSameName(@TempDir Path work) throws IOException {
            Path plugins = work.resolve("plugins");
            pluginJar(work, plugins, "fake");
            ClassLoader loader = registering(work.resolve("cp"), FakeProviderFactory.class.getName());

            List<ClusterProviderFactory> found = ClusterProviders.installed(loader, plugins);

            assertThat(found).hasSize(1);
            assertThat(found.get(0)).isInstanceOf(FakeProviderFactory.class);
        }

        @Test
        void anUnreadablePluginsDirectoryIsAClearError(@TempDir Path work) throws IOException {
            Path plugins = work.resolve("plugins");
            Files.createDirectories(plugins);
            org.junit.jupiter.api.Assumptions.assumeTrue(plugins.toFile().setReadable(false)
                    && !Files.isReadable(plugins), "permissions do not bite here (running as root)");
            try {
                assertThatThrownBy(() -> ClusterProviders.installed(getClass().getClassLoader(), plugins))
                        .isInstanceOf(ProviderException.class)
                        .hasMessageContaining("cannot read plugins directory " + plugins);
            } finally {
                plugins.toFile().setReadable(true);
            }
        }
    }

}
