package io.fede2e.runner.fakes;

import io.fede2e.redact.Redactor;

import io.fede2e.runner.Env;
import io.fede2e.runner.Main;
import io.fede2e.runner.console.Console;

import io.fede2e.runner.publish.ResultsSinks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs the CLI in this process with a given environment and working directory. */
public final class CliHarness {

    /** What a run printed and returned. */
    public record Outcome(int exitCode, String out, String err) {
    }

    private CliHarness() {
    }

    /** Runs {@code args} in {@code cwd} with {@code env} as the environment variables. */
    public static Outcome run(Path cwd, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Console console = new Console(o, e, false, Redactor.patternsOnly());
        // As Main does: what providers and tests print goes through the console too, so that tests
        // see what a user would (tests of this module do not run concurrently).
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        System.setOut(console.out());
        System.setErr(console.err());
        int code;
        try {
            code = Main.execute(args, new Env(env, cwd, Clock.systemUTC(), false), console, ResultsSinks.uploader());
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        console.close();
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
