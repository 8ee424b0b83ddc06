package io.fede2e.provider.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One of the bootstrap scripts kept as resources (and checked by shellcheck in the tests), sent to
 * a VM over SSH. The script goes through stdin into a file first and runs from there, so that no
 * command in it (apt, kubeadm) can read the rest of the script as its input.
 */
enum Script {
    INSTALL("install.sh"),
    INIT("init.sh"),
    JOIN("join.sh"),
    WAIT_READY("wait-ready.sh"),
    DUMP("dump.sh");

    static final String DIRECTORY = "/io/fede2e/provider/azure/bootstrap/";

    private final String file;
    private final byte[] text;

    Script(String file) {
        this.file = file;
        try (InputStream in = Script.class.getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException("bootstrap script " + file + " is missing from the jar");
            }
            this.text = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String file() {
        return file;
    }

    /** The script's bytes, for stdin. */
    byte[] text() {
        return text.clone();
    }

    /** The command that runs the script, sent on stdin, as root with {@code args}. */
    String command(List<String> args) {
        String quoted = args.stream().map(Script::quote).collect(Collectors.joining(" "));
        return "f=$(mktemp) && cat > \"$f\" && sudo bash \"$f\"" + (quoted.isEmpty() ? "" : " " + quoted)
                + "; rc=$?; rm -f \"$f\"; exit $rc";
    }

    static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
