package io.fede2e.dashboard.render;

import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;

/**
 * The Velocity engine, set up once: templates from the class path, UTF-8, strict references (a
 * typo in a template fails the build rather than printing {@code $x}), and the escaping handler
 * on every insertion.
 */
public final class Templates {

    static final String BASE = "io/fede2e/dashboard/templates/";

    private final VelocityEngine engine;
    private final Map<String, String> digests = new java.util.concurrent.ConcurrentHashMap<>();

    public Templates() {
        Properties p = new Properties();
        p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "class");
        p.setProperty("resource.loader.class.class",
                "org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader");
        p.setProperty("resource.loader.class.cache", "true");
        p.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "true");
        p.setProperty(RuntimeConstants.EVENTHANDLER_REFERENCEINSERTION, EscapingHandler.class.getName());
        p.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        engine = new VelocityEngine(p);
        engine.init();
    }

    /**
     * A digest of what renders {@code name}: its source, the header and footer every page parses,
     * and {@link ViewDigest#RENDER_VERSION}; a page is rendered again when any of them changes.
     */
    public String digest(String name) {
        return digests.computeIfAbsent(name, n -> ViewDigest.of(ViewDigest.RENDER_VERSION, source(n),
                source("header.vm"), source("footer.vm")));
    }

    private static String source(String name) {
        try (java.io.InputStream in = Templates.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("template " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read template " + name, e);
        }
    }

    /** Renders {@code name} (under the templates folder) with {@code values}. */
    public String render(String name, Map<String, Object> values) {
        return render(name, values, 8192);
    }

    /** Renders with an output buffer of {@code sizeHint} characters, so big pages are not copied as they grow. */
    public String render(String name, Map<String, Object> values, int sizeHint) {
        Template t = engine.getTemplate(BASE + name, "UTF-8");
        VelocityContext ctx = new VelocityContext();
        values.forEach(ctx::put);
        StringWriter out = new StringWriter(Math.max(1024, sizeHint));
        t.merge(ctx, out);
        return out.toString();
    }
}
