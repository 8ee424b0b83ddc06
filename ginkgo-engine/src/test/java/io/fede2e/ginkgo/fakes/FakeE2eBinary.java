package io.fede2e.ginkgo.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fake upstream e2e binary: {@code src/test/resources/ginkgo/fake-e2e.sh} with a Ginkgo v1 or
 * v2 marker, beside the specs and outcomes of one scenario folder. It records each invocation's
 * arguments, one line each, in {@code calls.log}.
 */
public final class FakeE2eBinary {

    /** Scenario files a folder may hold. */
    private static final List<String> FILES = List.of("specs.txt", "outcomes.txt", "fail-before-suite",
            "broken-listing", "no-list-tests");

    private final Path path;

    private FakeE2eBinary(Path path) {
        this.path = path;
    }

    /** Builds the binary of {@code scenario} for Ginkgo {@code version} (1 or 2) in {@code dir}. */
    public static FakeE2eBinary create(Path dir, String scenario, int version) {
        try {
            Files.createDirectories(dir);
            String script = resource("ginkgo/fake-e2e.sh")
                    .replace("# MARKER", "# " + (version == 1 ? "github.com/onsi/ginkgo/internal/suite"
                            : "github.com/onsi/ginkgo/v2/internal"))
                    .replace("__VERSION__", Integer.toString(version));
            Path bin = dir.resolve("e2e.test");
            Files.writeString(bin, script, StandardCharsets.UTF_8);
            bin.toFile().setExecutable(true);
            for (String f : FILES) {
                String text = optionalResource("ginkgo/" + scenario + "/" + f);
                if (text != null) {
                    Files.writeString(dir.resolve(f), text, StandardCharsets.UTF_8);
                }
            }
            return new FakeE2eBinary(bin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a marker file (e.g. {@code no-list-tests}) that changes the fake's behaviour. */
    public FakeE2eBinary with(String marker) {
        try {
            Files.writeString(path.resolveSibling(marker), "");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The executable. */
    public Path path() {
        return path;
    }

    /** The arguments of each invocation so far, in order. */
    public List<String> calls() {
        Path log = path.resolveSibling("calls.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The invocations that ran specs (not the listing). */
    public List<String> runs() {
        return calls().stream().filter(c -> c.contains("--report-dir=")).toList();
    }

    /** A test resource as text. */
    public static String resource(String name) {
        String text = optionalResource(name);
        if (text == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        return text;
    }

    private static String optionalResource(String name) {
        try (InputStream in = FakeE2eBinary.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
