package io.fede2e.jobs.fakes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job's shell step with {@code /bin/sh}, as Jenkins does, with a stub {@code fede2e} first
 * on the PATH that records the arguments it was given: so the tests see every fede2e command
 * line after the shell's quoting, variables and {@code set --} did their work.
 */
public final class StubShell {

    private final Path dir;
    private final Path log;

    /** A stub in {@code dir/bin}; the scripts run in {@code dir}. */
    public StubShell(Path dir) throws IOException {
        this.dir = dir;
        this.log = dir.resolve("fede2e-argv.log");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("fede2e");
        // One record per call: the argument count, then each argument, NUL-terminated.
        Files.writeString(stub, "#!/bin/sh\n{ printf '%s\\0' \"$#\"; for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }"
                + " >> \"$FEDE2E_ARGV_LOG\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The directory the scripts run in. */
    public Path dir() {
        return dir;
    }

    /**
     * Runs {@code script} with {@code variables} in the environment.
     *
     * @return the fede2e command lines it ran, each without the leading {@code fede2e}
     * @throws IllegalStateException when the script exits non-zero
     */
    public List<List<String>> run(String script, Map<String, String> variables) throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sh-output.txt").toFile());
        pb.environment().putAll(variables);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("FEDE2E_ARGV_LOG", log.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the script did not end within 60 s: " + script);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("the script exited " + p.exitValue() + ": "
                    + Files.readString(dir.resolve("sh-output.txt")) + "\n" + script);
        }
        return calls();
    }

    private List<List<String>> calls() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        if (!Files.exists(log)) {
            return calls;
        }
        String[] parts = Files.readString(log, StandardCharsets.UTF_8).split("\0", -1);
        int i = 0;
        while (i < parts.length - 1) {
            int n = Integer.parseInt(parts[i++]);
            calls.add(List.of(java.util.Arrays.copyOfRange(parts, i, i + n)));
            i += n;
        }
        return calls;
    }
}
