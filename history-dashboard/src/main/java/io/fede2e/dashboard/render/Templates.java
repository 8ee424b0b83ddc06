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
