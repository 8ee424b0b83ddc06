package io.fede2e.jobs.fakes;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Groovy Jenkins runs Job DSL and the CPS pipeline with (groovy-all 2.4.21), in a class loader
 * of its own beside the tests' Groovy 4: compiles a script the way Jenkins would and reports the
 * first error. Reached by reflection, since both Groovys have the same class names.
 */
public final class Groovy24 implements AutoCloseable {

    /** Phases.CLASS_GENERATION in Groovy 2.4: parsing, resolution and bytecode, without writing classes. */
    private static final int CLASS_GENERATION = 7;

    private final URLClassLoader loader;

    private Groovy24(URLClassLoader loader) {
        this.loader = loader;
    }

    /** Opens the groovy-all jar the build copied (system property {@code fede2e.groovy24}). */
    public static Groovy24 open() {
        Path jar = Path.of(System.getProperty("fede2e.groovy24", "target/groovy-2.4/groovy-all-2.4.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven (./mvnw -pl jobs -am"
                    + " verify), which copies org.codehaus.groovy:groovy-all:2.4.21 there");
        }
        try {
            return new Groovy24(new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The version the loaded Groovy reports, e.g. {@code 2.4.21}. */
    public String version() throws ReflectiveOperationException {
        return (String) loader.loadClass("groovy.lang.GroovySystem").getMethod("getVersion")
                .invoke(null);
    }

    /**
     * Compiles {@code text} as the script {@code name}.
     *
     * @return empty when it compiles, else Groovy 2.4's error message
     */
    public String compile(String name, String text) throws ReflectiveOperationException {
        Class<?> configClass = loader.loadClass("org.codehaus.groovy.control.CompilerConfiguration");
        Object config = configClass.getConstructor().newInstance();
        Class<?> unitClass = loader.loadClass("org.codehaus.groovy.control.CompilationUnit");
        Object unit = unitClass.getConstructor(configClass).newInstance(config);
        unitClass.getMethod("addSource", String.class, String.class).invoke(unit, name, text);
        try {
            unitClass.getMethod("compile", int.class).invoke(unit, CLASS_GENERATION);
            return "";
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause != null && cause.getClass().getName().startsWith("org.codehaus.groovy.control.")) {
                return cause.getMessage();
            }
            throw e;
        }
    }

    @Override
    public void close() throws java.io.IOException {
        loader.close();
    }
}
