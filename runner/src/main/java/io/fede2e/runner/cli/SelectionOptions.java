package io.fede2e.runner.cli;

import io.fede2e.runner.CliException;
import io.fede2e.runner.suite.Mode;
import io.fede2e.runner.suite.Selection;
import io.fede2e.runner.suite.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Which tests: shared by {@code run}, {@code test} and {@code list-tests}. */
public final class SelectionOptions {

    @Option(names = "--focus", paramLabel = "REGEX",
            description = "Run only tests whose full name matches one of these regexes (Ginkgo's --focus). "
                    + "Repeatable. Default: GINKGO_TEST_ARGS' --ginkgo.focus.")
    List<String> focus = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "REGEX",
            description = "Skip tests whose full name matches one of these regexes. Repeatable. "
                    + "Default: GINKGO_TEST_ARGS' --ginkgo.skip.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--label-filter", paramLabel = "EXPR",
            description = "JUnit tag expression, e.g. 'Conformance & !Slow'.")
    String labelFilter;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Preset as Sonobuoy's: quick (one fast conformance test), conformance, non-disruptive.")
    String mode;

    @Option(names = "--shard", paramLabel = "K/N", description = "Run shard K of N (a split by name hash).")
    String shard;

    @Option(names = "--suite-jar", paramLabel = "JAR", description = "An extra JUnit 5 test jar. Repeatable.")
    List<Path> suiteJars = new ArrayList<>();

    @Option(names = "--suite-package", paramLabel = "PACKAGE",
            description = "Java package of tests to run. Repeatable. Default: the built-in suite, "
                    + "io.fede2e.e2e.tests (none when only --suite-jar is given and --builtin-suite=false).")
    List<String> packages = new ArrayList<>();

    @Option(names = "--suite", paramLabel = "SUITE", defaultValue = "builtin",
            description = "builtin (fede2e's Java e2e suite), upstream (the specs of --e2e-binary) or all "
                    + "(both) (default: ${DEFAULT-VALUE}).")
    String suite = "builtin";

    @Option(names = "--e2e-binary", paramLabel = "PATH",
            description = "The upstream Kubernetes e2e.test (kubernetes-test tarball of your cluster's release) "
                    + "for --suite upstream or all.")
    Path e2eBinary;

    @Option(names = "--builtin-suite", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the built-in e2e suite (default: ${DEFAULT-VALUE}).")
    boolean builtinSuite = true;

    /** The selection, with GINKGO_TEST_ARGS as the default of --focus and --skip. */
    Selection selection(JenkinsEnv jenkins) {
        List<String> f = focus.isEmpty() ? jenkins.ginkgoFocus() : focus;
        List<String> s = skip.isEmpty() ? jenkins.ginkgoSkip() : skip;
        Optional<Mode> m = Optional.empty();
        if (mode != null) {
            m = Mode.parse(mode);
            if (m.isEmpty()) {
                throw new CliException(CliException.USAGE, "--mode '" + mode
                        + "' is unknown; use quick, conformance or non-disruptive");
            }
        }
        try {
            return new Selection(Selection.compile("--focus", f), Selection.compile("--skip", s),
                    Optional.ofNullable(labelFilter), m, shard == null ? Shard.ALL : Shard.parse(shard));
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
    }

    /** The upstream binary of {@code --suite upstream|all}, resolved, or null for the Java suites only. */
    Path e2eBinary(java.util.function.UnaryOperator<Path> resolve) {
        String s = suite == null ? "builtin" : suite.strip().toLowerCase(java.util.Locale.ROOT);
        switch (s) {
            case "builtin" -> {
                if (e2eBinary != null) {
                    throw new CliException(CliException.USAGE, "--e2e-binary " + e2eBinary
                            + " is only run with --suite upstream or --suite all; add one of them");
                }
                return null;
            }
            case "upstream", "all" -> {
                if (e2eBinary == null) {
                    throw new CliException(CliException.USAGE, "--suite " + s + " needs --e2e-binary PATH: e2e.test "
                            + "from the kubernetes-test tarball of your cluster's release (see runner/README.md)");
                }
                return resolve.apply(e2eBinary);
            }
            default -> throw new CliException(CliException.USAGE, "--suite '" + suite
                    + "' is unknown; use builtin, upstream or all");
        }
    }

    /**
     * The ginkgo-engine's listing cache, {@code $XDG_CACHE_HOME/fede2e/ginkgo-listings} (else
     * {@code ~/.cache/...}): a second run of the same e2e.test skips its listing process.
     */
    java.util.Map<String, String> upstreamParameters(io.fede2e.runner.Env env) {
        java.util.Optional<Path> base = env.get("XDG_CACHE_HOME").filter(v -> !v.isBlank()).map(Path::of)
                .or(() -> env.get("HOME").filter(v -> !v.isBlank()).map(h -> Path.of(h, ".cache")));
        return base.map(b -> java.util.Map.of("fede2e.ginkgo.listingCache",
                b.resolve("fede2e/ginkgo-listings").toString())).orElse(java.util.Map.of());
    }

    /** The packages to scan. */
    List<String> packages() {
        List<String> out = new ArrayList<>(packages);
        boolean upstreamOnly = suite != null && suite.strip().equalsIgnoreCase("upstream");
        if (out.isEmpty() && builtinSuite && !upstreamOnly) {
            out.add(io.fede2e.runner.suite.SuiteConfig.E2E_PACKAGE);
        }
        return out;
    }

    /** Patterns, for callers that show them. */
    static List<String> patterns(List<Pattern> ps) {
        return ps.stream().map(Pattern::pattern).toList();
    }
}
