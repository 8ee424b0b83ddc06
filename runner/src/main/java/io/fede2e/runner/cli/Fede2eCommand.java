package io.fede2e.runner.cli;

import io.fede2e.runner.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code fede2e} command; its subcommands do the work. */
@Command(name = "fede2e", mixinStandardHelpOptions = true, versionProvider = Fede2eCommand.VersionProvider.class,
        description = {"Federated end-to-end tests for Kubernetes: provision, test, collect, tear down, upload.",
                "Exit codes: 0 passed, 1 test failures, 2 usage or configuration error, 3 infrastructure failure, "
                        + "130 aborted."})
public final class Fede2eCommand implements Runnable {

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
    boolean stacktrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: use one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Prints the runner's version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fede2e " + Version.current()};
        }
    }
}
