package io.fede2e.dashboard.render;

import java.io.Writer;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;
import org.slf4j.helpers.NOPLogger;

/**
 * The Velocity engine, set up once: templates from the class path, UTF-8, strict references (a
 * typo in a template fails the build rather than printing {@code $x}), and the escaping handler
 * on every insertion. Each template is parsed once and then shared by the rendering threads.
 */
public final class Templates {

    static final String BASE = "io/fede2e/dashboard/templates/";

    private final VelocityEngine engine;
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    public Templates() {
        Properties p = new Properties();
        p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "class");
        p.setProperty("resource.loader.class.class",
                "org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader");
        // #parse("header.vm") asks for the header on every page: it must come from the cache
        p.setProperty("resource.loader.class.cache", "true");
        p.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "true");
        p.setProperty(RuntimeConstants.EVENTHANDLER_REFERENCEINSERTION, EscapingHandler.class.getName());
        p.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        // Start-up cost, which a site of a few thousand results feels: the templates call only
        // argument-less accessors, so no argument conversion table is needed; ten templates parsed
        // once need two parsers, not the default pool of twenty.
        p.setProperty(RuntimeConstants.CONVERSION_HANDLER_CLASS, "none");
        p.setProperty(RuntimeConstants.PARSER_POOL_SIZE, "2");
        engine = new VelocityEngine(p);
        // With strict references every template mistake is an exception that reaches the user, so
        // Velocity's own log would say nothing more; not looking up a logging backend saves
        // scanning the whole class path for one.
        engine.setProperty(RuntimeConstants.RUNTIME_LOG_INSTANCE, NOPLogger.NOP_LOGGER);
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
        Template t = parsed.computeIfAbsent(name, n -> engine.getTemplate(BASE + n, "UTF-8"));
        VelocityContext ctx = new VelocityContext();
        values.forEach(ctx::put);
        TextWriter out = new TextWriter(Math.max(1024, sizeHint));
        t.merge(ctx, out);
        return out.toString();
    }

    /**
     * A {@link java.io.StringWriter} without its lock: a page is written by one thread, and
     * Velocity writes it in many small pieces, each of which would take the lock.
     */
    private static final class TextWriter extends Writer {

        private final StringBuilder text;

        TextWriter(int capacity) {
            text = new StringBuilder(capacity);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            text.append(s, off, off + len);
        }

        @Override
        public Writer append(CharSequence s) {
            text.append(s);
            return this;
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing to release
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
