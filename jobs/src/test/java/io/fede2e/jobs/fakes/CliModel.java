package io.fede2e.jobs.fakes;

import io.fede2e.redact.Redactor;
import io.fede2e.runner.Env;
import io.fede2e.runner.Main;
import io.fede2e.runner.cli.CliContext;
import io.fede2e.runner.console.Console;
import io.fede2e.runner.publish.ResultsSinks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The runner's own picocli model of {@code fede2e}, to parse command lines without running them. */
public final class CliModel {

    private CliModel() {
    }

    /** Whether the runner has the command {@code name} (e.g. janitor, which is built in parallel). */
    public static boolean hasCommand(String name) {
        return model().getSubcommands().containsKey(name);
    }

    /**
     * Parses {@code args} (without the leading {@code fede2e}).
     *
     * @return empty when picocli accepts them, else its error, e.g. "Unknown option: '--nope'"
     */
    public static String problem(List<String> args) {
        try {
            CommandLine.ParseResult r = model().parseArgs(args.toArray(String[]::new));
            if (!r.hasSubcommand()) {
                return "no command in " + args;
            }
            return "";
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    private static CommandLine model() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Main.model(new CliContext(new Env(Map.of(), Path.of("."), Clock.systemUTC(), false),
                new Console(sink, sink, false, Redactor.patternsOnly()), ResultsSinks.uploader()));
    }
}
