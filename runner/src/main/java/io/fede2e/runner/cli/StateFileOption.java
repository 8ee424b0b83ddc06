package io.fede2e.runner.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state FILE}: the state file of {@code fede2e up}, read by test, dump-logs and down. */
final class StateFileOption {

    @Option(names = "--state", paramLabel = "FILE", defaultValue = "_output/cluster-state.json",
            description = "State file written by fede2e up (default: ${DEFAULT-VALUE}).")
    Path state;
}
