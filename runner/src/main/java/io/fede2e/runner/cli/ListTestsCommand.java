package io.fede2e.runner.cli;

import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.suite.ConformanceYaml;
import io.fede2e.runner.suite.SelectedTest;
import io.fede2e.runner.suite.SuiteConfig;
import io.fede2e.runner.suite.SuiteRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fede2e list-tests}: what a selection runs, without a cluster. */
@Command(name = "list-tests", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the tests a selection runs, without a cluster.",
                "--mode conformance --output yaml writes Kubernetes' conformance.yaml shape."})
public final class ListTestsCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    SelectionOptions selection = new SelectionOptions();

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (one full name a line), yaml (conformance.yaml) (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    public ListTestsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Env env = context.env();
        JenkinsEnv jenkins = new JenkinsEnv(env);
        SuiteConfig config;
        try {
            config = new SuiteConfig(selection.packages(), selection.suiteJars.stream().map(env::resolve).toList(),
                    selection.selection(jenkins), 1, 1, null, null, selection.upstreamParameters(env),
                    selection.e2eBinary(env::resolve));
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        List<SelectedTest> tests = new SuiteRunner(config, context.console().redactor()).list();
        String text = switch (output.toLowerCase(Locale.ROOT)) {
            case "text" -> tests.stream().map(t -> t.name() + "\n").reduce("", String::concat);
            case "yaml" -> ConformanceYaml.render(tests, Thread.currentThread().getContextClassLoader());
            default -> throw new CliException(CliException.USAGE, "--output '" + output + "' is unknown; use text or yaml");
        };
        if (out != null) {
            Path file = env.resolve(out);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            context.console().err().println(tests.size() + " tests written to " + file);
        } else {
            context.console().out().print(text);
            context.console().out().flush();
        }
        return CliException.OK;
    }
}
