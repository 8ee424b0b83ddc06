package io.fede2e.runner;

import io.fede2e.redact.Redactor;

import io.fede2e.layout.LayoutException;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.runner.cli.CliContext;
import io.fede2e.runner.cli.DashboardCommand;
import io.fede2e.runner.cli.DownCommand;
import io.fede2e.runner.cli.Fede2eCommand;
import io.fede2e.runner.cli.JanitorCommand;
import io.fede2e.runner.cli.ListTestsCommand;
import io.fede2e.runner.cli.ProvidersCommand;
import io.fede2e.runner.cli.RunCommand;
import io.fede2e.runner.cli.TestCommand;
import io.fede2e.runner.cli.UpCommand;
import io.fede2e.runner.cli.UploadCommand;
import io.fede2e.runner.console.Console;

import io.fede2e.runner.publish.ResultsSinks;
import io.fede2e.uploader.ObjectStoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The {@code fede2e} command line: errors are caught once, here, and shown as one line. */
public final class Main {

    private Main() {
    }

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        Phases.mark("main() entered");
        Path marker = launcherMarker();
        writeMarker(marker, "started\n");
        PrintStream out = System.out;
        PrintStream err = System.err;
        Console console = new Console(out, err, System.console() != null, Redactor.patternsOnly());
        // Everything printed from now on, logs included, passes through redaction and into build-log.txt.
        System.setOut(console.out());
        System.setErr(console.err());
        int code = execute(args, Env.system(), console, ResultsSinks.uploader());
        console.close();
        Phases.mark("command done");
        out.flush();
        err.print(Phases.report());
        err.flush();
        writeMarker(marker, "exit " + code + "\n");
        System.exit(code);
    }

    /**
     * The file the {@code fede2e} launcher asks for ({@code -Dfede2e.launcherMarker}) while it
     * records a class data sharing archive: it tells the launcher that the command ran, and with
     * which exit code, because the JVM turns a failure to write the archive into exit code 1.
     */
    private static Path launcherMarker() {
        String file = System.getProperty("fede2e.launcherMarker");
        return file == null || file.isBlank() ? null : Path.of(file);
    }

    private static void writeMarker(Path marker, String text) {
        if (marker == null) {
            return;
        }
        try {
            Files.writeString(marker, text, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // The launcher then only loses its archive, never the command's result.
        }
    }

    /**
     * Runs the CLI in this process and returns the exit code; for tests, with their own
     * environment, console and results sinks.
     */
    public static int execute(String[] args, Env env, Console console, ResultsSinks sinks) {
        boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
        CliContext context = new CliContext(env, console, sinks);
        CommandLine cl = new CommandLine(new Fede2eCommand());
        Map<String, Supplier<Object>> commands = commands(context);
        // picocli reflects over every option of a command it is given, which is most of the CLI's
        // start-up: build only the command asked for; all of them for help, usage errors and hints.
        String requested = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        commands.forEach((name, command) -> {
            if (!commands.containsKey(requested) || name.equals(requested)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setOut(new java.io.PrintWriter(console.out(), true));
        cl.setErr(new java.io.PrintWriter(console.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            console.err().println("fede2e: " + ex.getMessage());
            console.err().println("See '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return CliException.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> report(ex, console, stacktrace));
        Phases.mark("command line built");
        return cl.execute(args);
    }

    /**
     * The whole command line model, every command built, for tools that check {@code fede2e} command
     * lines without running them (the jobs module's tests parse every line of the Jenkins jobs with it).
     */
    public static CommandLine model(CliContext context) {
        CommandLine cl = new CommandLine(new Fede2eCommand());
        commands(context).forEach((name, command) -> cl.addSubcommand(name, command.get()));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static Map<String, Supplier<Object>> commands(CliContext context) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("run", () -> new RunCommand(context));
        commands.put("up", () -> new UpCommand(context));
        commands.put("test", () -> new TestCommand(context));
        commands.put("dump-logs", () -> new DownCommand.DumpLogs(context));
        commands.put("down", () -> new DownCommand.Down(context));
        commands.put("providers", () -> new ProvidersCommand(context));
        commands.put("list-tests", () -> new ListTestsCommand(context));
        commands.put("upload", () -> new UploadCommand(context));
        commands.put("dashboard", () -> new DashboardCommand(context));
        commands.put("janitor", () -> new JanitorCommand(context));
        return commands;
    }

    static int report(Exception ex, Console console, boolean stacktrace) {
        int code;
        String message;
        if (ex instanceof CliException c) {
            code = c.exitCode();
            message = c.getMessage();
        } else if (ex instanceof LayoutException || ex instanceof IllegalArgumentException) {
            code = CliException.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof ProviderException || ex instanceof ObjectStoreException) {
            code = CliException.INFRASTRUCTURE;
            message = ex.getMessage();
        } else {
            code = CliException.INFRASTRUCTURE;
            message = ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + (stacktrace ? "" : " (rerun with --stacktrace for details)");
        }
        String line = message == null ? ex.getClass().getName() : message.lines().findFirst().orElse("");
        console.err().println("fede2e: error: " + line);
        if (stacktrace) {
            ex.printStackTrace(console.err());
        }
        return code;
    }
}
