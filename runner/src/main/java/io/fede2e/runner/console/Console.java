package io.fede2e.runner.console;

import io.fede2e.redact.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The run's console: everything printed to {@link #out()} and {@link #err()} goes, redacted, to
 * the terminal and to build-log.txt. Lines are redacted before they are written anywhere, so a
 * secret never reaches the terminal (Jenkins keeps its console too) nor the log file.
 *
 * <p>The log file is often known only after the build id is allocated: until {@link #attachLog}
 * is called, lines are kept in memory and written when it is.
 */
public final class Console implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;

    private final PrintStream terminalOut;
    private final PrintStream terminalErr;
    private final boolean tty;
    private final Object lock = new Object();
    private volatile Redactor redactor;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private OutputStream log;
    private boolean logClosed;
    private final LineStream outStream;
    private final LineStream errStream;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * A console over the given terminal streams.
     *
     * @param terminalOut where standard output goes (the real System.out)
     * @param terminalErr where error output goes
     * @param tty whether the output is an interactive terminal (status lines are redrawn)
     * @param redactor the initial redactor; {@link #addSecrets} extends it
     */
    public Console(PrintStream terminalOut, PrintStream terminalErr, boolean tty, Redactor redactor) {
        this.terminalOut = Objects.requireNonNull(terminalOut, "terminalOut");
        this.terminalErr = Objects.requireNonNull(terminalErr, "terminalErr");
        this.tty = tty;
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.outStream = new LineStream(terminalOut);
        this.errStream = new LineStream(terminalErr);
        this.out = new PrintStream(outStream, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(errStream, true, StandardCharsets.UTF_8);
    }

    /** Redacted standard output, teed to the log. */
    public PrintStream out() {
        return out;
    }

    /** Redacted error output, teed to the log. */
    public PrintStream err() {
        return err;
    }

    /** Whether the terminal is interactive. */
    public boolean isTty() {
        return tty;
    }

    /** The current redactor. */
    public Redactor redactor() {
        return redactor;
    }

    /** Masks these values too from now on (e.g. secret provider options, kubeconfig tokens). */
    public void addSecrets(java.util.Set<String> secrets) {
        synchronized (lock) {
            redactor = redactor.plus(secrets);
        }
    }

    /**
     * Redraws the status line on an interactive terminal; it never reaches the log (it is
     * overwritten on screen too). Does nothing when the output is not a terminal.
     */
    public void status(String line) {
        if (!tty) {
            return;
        }
        synchronized (lock) {
            terminalOut.print("\r\033[K" + redactor.redact(line));
            terminalOut.flush();
            statusShown = true;
        }
    }

    private boolean statusShown;
    private StringBuilder capture;
    private static final int MAX_CAPTURE = 1024 * 1024;

    /** Starts keeping what is printed (redacted), for a lifecycle step's output. */
    public void startCapture() {
        synchronized (lock) {
            capture = new StringBuilder();
        }
    }

    /** Stops keeping output and returns what was printed since {@link #startCapture()}. */
    public String stopCapture() {
        synchronized (lock) {
            String text = capture == null ? "" : capture.toString();
            capture = null;
            return text;
        }
    }

    /** Starts writing the log to {@code file} (appending), first what was printed so far. */
    public void attachLog(Path file) {
        synchronized (lock) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                log = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                pending.writeTo(log);
                pending.reset();
                log.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the build log " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Flushes and closes the log file; later output reaches only the terminal. */
    public void closeLog() {
        out.flush();
        err.flush();
        synchronized (lock) {
            outStream.flushPartial();
            errStream.flushPartial();
            logClosed = true;
            pending.reset();
            if (log != null) {
                try {
                    log.close();
                } catch (IOException e) {
                    terminalErr.println("warning: cannot close the build log: " + e.getMessage());
                }
                log = null;
            }
        }
    }

    @Override
    public void close() {
        closeLog();
    }

    private void emit(PrintStream terminal, Redactor.Session session, String line, boolean newline) {
        String clean = session.line(line);
        String text = newline ? clean + "\n" : clean;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            if (statusShown) {
                terminalOut.print("\r\033[K");
                statusShown = false;
            }
            terminal.print(text);
            terminal.flush();
            if (capture != null && capture.length() < MAX_CAPTURE) {
                capture.append(text);
            }
            if (logClosed) {
                return;
            }
            if (log != null) {
                try {
                    log.write(bytes);
                    log.flush();
                } catch (IOException e) {
                    terminalErr.println("warning: cannot write the build log: " + e.getMessage());
                    logClosed = true;
                }
            } else {
                pending.writeBytes(bytes);
            }
        }
    }

    /** Collects bytes into lines, decodes them as UTF-8, redacts and emits each whole line. */
    private final class LineStream extends OutputStream {
        private final PrintStream terminal;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private Redactor.Session session;
        private Redactor sessionOf;

        LineStream(PrintStream terminal) {
            this.terminal = terminal;
        }

        private Redactor.Session session() {
            Redactor current = redactor;
            if (session == null || sessionOf != current) {
                // Carry the open constructs over: a key block printed while a secret is learnt
                // must stay masked to its end.
                session = current.session(session);
                sessionOf = current;
            }
            return session;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                emit(terminal, session(), text, true);
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    flushPartial();
                }
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            // A run of bytes at a time, as write(int) would take them one by one: every progress
            // line comes through here.
            int end = off + len;
            int start = off;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    line.write(b, start, i - start);
                    write('\n');
                    start = i + 1;
                } else if (line.size() + (i + 1 - start) >= MAX_LINE) {
                    line.write(b, start, i + 1 - start);
                    flushPartial();
                    start = i + 1;
                }
            }
            line.write(b, start, end - start);
        }

        synchronized void flushPartial() {
            if (line.size() > 0) {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                emit(terminal, session(), text, true);
            }
        }
    }
}
