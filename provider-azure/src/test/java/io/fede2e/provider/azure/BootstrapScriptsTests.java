package io.fede2e.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bootstrap scripts pass shellcheck (Debian's package; .ci/run installs it). */
class BootstrapScriptsTests {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Script.class)
    void passesShellcheck(Script script) throws Exception {
        Path shellcheck = Path.of("/usr/bin/shellcheck");
        Assumptions.assumeTrue(Files.isExecutable(shellcheck),
                "shellcheck is not installed here (apt-get install shellcheck); the scripts were not checked");
        Path file = dir.resolve(script.file());
        Files.write(file, script.text());
        Process p = new ProcessBuilder(shellcheck.toString(), "--severity=style", "--shell=bash", file.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @ParameterizedTest
    @EnumSource(Script.class)
    void eachScriptNamesItsStepStopsOnErrorsAndIsCommandedWithQuotedArguments(Script script) throws IOException {
        String text = new String(script.text(), StandardCharsets.UTF_8);

        assertThat(text).startsWith("#!/usr/bin/env bash\n").contains("# fede2e step: ");
        assertThat(text).containsAnyOf("set -euo pipefail", "set -uo pipefail");
        assertThat(script.command(java.util.List.of("it's"))).endsWith("sudo bash \"$f\" 'it'\\''s'; rc=$?; rm -f \"$f\"; exit $rc");
    }
}
