package io.fede2e.uploader;

import io.fede2e.layout.LayoutException;
import io.fede2e.redact.Redactor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Redacts the files that providers and tests wrote into a run directory (log dumps, kubeconfigs
 * copied for debugging, gzipped logs) before anything is uploaded. The runner's own files are
 * redacted as they are written; this catches what others wrote.
 *
 * <p>Files are read as a stream of bytes, line by line, whatever their size or encoding: a line
 * that is valid UTF-8 is redacted as text, any other as ISO-8859-1 (byte for byte, so the ASCII
 * patterns still apply and no byte is changed but the masked ones). {@code .gz} files are
 * decompressed, redacted and compressed again. A file that cannot be scrubbed (a corrupt gzip
 * stream, an archive format the scrubber cannot open, a line too long to redact safely, a read
 * error) is moved out of the run directory, so that it is never uploaded, and listed. Symlinks
 * and special files are left to the uploader, which reports them.
 */
public final class RunDirScrubber {

    /** A line longer than this is not cut in pieces: a secret could straddle the cut. */
    static final int MAX_LINE = 8 * 1024 * 1024;

    /** Compressed or archive formats whose contents the scrubber cannot read. */
    private static final Set<String> OPAQUE = Set.of(".zip", ".jar", ".xz", ".bz2", ".zst", ".7z", ".lz4", ".rar");

    /**
     * What a scrub did.
     *
     * @param changed files rewritten with secrets masked
     * @param notScrubbed {@code relative/path: reason} of each file that could not be scrubbed and
     *     was moved out of the run directory (or, without a quarantine, left where it is)
     */
    public record Result(List<Path> changed, List<String> notScrubbed) {
        public Result {
            changed = List.copyOf(changed);
            notScrubbed = List.copyOf(notScrubbed);
        }
    }

    /** Beside a run directory {@code D}, {@code D.not-uploaded} holds the files that could not be scrubbed. */
    public static final String NOT_UPLOADED_SUFFIX = ".not-uploaded";

    private RunDirScrubber() {
    }

    /**
     * Scrubs a run directory that is about to be uploaded: every file the uploader would send passes
     * the redactor first, whoever wrote it and whichever command uploads it ({@code fede2e run}, or
     * {@code fede2e upload} after {@code fede2e test}). Files that cannot be scrubbed move to
     * {@code <dir>.not-uploaded}, and a finished.json in the directory lists them under
     * {@value Uploader#UPLOAD_PROBLEMS}.
     *
     * @throws IOException when the directory cannot be walked: then nothing of it may be uploaded
     */
    public static Result scrubForUpload(Path runDir, Redactor redactor) throws IOException {
        Result result = scrub(runDir, redactor, null, runDir.resolveSibling(runDir.getFileName() + NOT_UPLOADED_SUFFIX));
        Path finished = runDir.resolve(io.fede2e.layout.BuildPaths.FINISHED);
        if (!result.notScrubbed().isEmpty() && Files.isRegularFile(finished, LinkOption.NOFOLLOW_LINKS)) {
            byte[] listed = Uploader.withUploadProblems(Files.readAllBytes(finished), result.notScrubbed());
            replace(finished, out -> out.write(listed));
        }
        return result;
    }

    /**
     * Redacts every file under {@code dir} except {@code keep}.
     *
     * @param quarantine where files that cannot be scrubbed are moved (same relative path), or
     *     null to leave them in place (for a directory that is not uploaded)
     */
    public static Result scrub(Path dir, Redactor redactor, Path keep, Path quarantine) throws IOException {
        List<Path> changed = new ArrayList<>();
        List<String> notScrubbed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Result(changed, notScrubbed);
        }
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !file.equals(keep)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // The uploader cannot read it either and reports it; nothing of it is uploaded.
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        for (Path file : files) {
            String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            String problem = null;
            try {
                if (scrubFile(file, redactor)) {
                    changed.add(file);
                }
            } catch (Unscrubbable e) {
                problem = e.getMessage();
            } catch (IOException e) {
                problem = "cannot be read to redact it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            }
            if (problem != null) {
                notScrubbed.add(LayoutException.printable(relative) + ": " + problem + quarantine(file, relative,
                        quarantine));
            }
        }
        return new Result(changed, notScrubbed);
    }

    private static String quarantine(Path file, String relative, Path quarantine) {
        if (quarantine == null) {
            return "";
        }
        Path target = quarantine.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            return "; not uploaded, moved to " + LayoutException.printable(target.toString());
        } catch (IOException e) {
            try {
                // It must not be uploaded: losing the local copy is the lesser harm.
                Files.delete(file);
                return "; not uploaded, and deleted (it could not be moved to " + quarantine + ": " + e.getMessage()
                        + ")";
            } catch (IOException again) {
                throw new java.io.UncheckedIOException("cannot keep " + file + " from the upload: it could neither "
                        + "be redacted, moved nor deleted (" + again.getMessage() + "); remove it by hand", again);
            }
        }
    }

    /** Why a file cannot be scrubbed, said to the user. */
    private static final class Unscrubbable extends IOException {
        Unscrubbable(String message) {
            super(message);
        }
    }

    /** Redacts {@code file} in place; whether it changed. */
    private static boolean scrubFile(Path file, Redactor redactor) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String ext : OPAQUE) {
            if (name.endsWith(ext)) {
                throw new Unscrubbable("a " + ext.substring(1) + " archive, whose contents cannot be redacted");
            }
        }
        boolean gzip = name.endsWith(".gz") || name.endsWith(".tgz");
        if (gzip && Files.size(file) == 0) {
            return false;
        }
        // First a read-only pass: most files hold no secret, and are then neither copied nor rewritten.
        try (InputStream in = open(file, gzip)) {
            if (!redactLines(in, redactor, null)) {
                return false;
            }
        }
        replace(file, raw -> {
            try (InputStream in = open(file, gzip);
                 OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw) {
                redactLines(in, redactor, out);
            }
        });
        return true;
    }

    /** What {@link #replace} writes. */
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code file} through a hidden temporary file and a rename: a reader (the uploader)
     * sees the old or the new file, and a failure leaves no temporary file in the run directory
     * that could be uploaded.
     */
    private static void replace(Path file, Content content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".scrub-tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 1 << 16);
        if (!gzip) {
            return in;
        }
        try {
            return new CheckedGzip(in);
        } catch (IOException e) {
            in.close();
            throw new Unscrubbable("not a readable gzip file (" + e.getMessage() + ")");
        }
    }

    /** A gzip stream whose format errors say that the file cannot be scrubbed. */
    private static final class CheckedGzip extends GZIPInputStream {
        CheckedGzip(InputStream in) throws IOException {
            super(in, 1 << 16);
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            try {
                return super.read(buf, off, len);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new Unscrubbable("not a readable gzip file (" + e.getMessage() + ")");
            }
        }
    }

    /**
     * Reads {@code in} line by line, redacting each; writes the result to {@code out} when given.
     *
     * @return whether any line changed
     */
    private static boolean redactLines(InputStream in, Redactor redactor, OutputStream out) throws IOException {
        Redactor.Session session = redactor.session();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean changed = false;
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.write(buf, start, i - start);
                    changed |= emit(line, session, utf8, out, true);
                    start = i + 1;
                    if (changed && out == null) {
                        return true;
                    }
                }
            }
            line.write(buf, start, n - start);
            if (line.size() > MAX_LINE) {
                throw new Unscrubbable("holds a line longer than " + MAX_LINE / (1024 * 1024)
                        + " MiB, which cannot be redacted safely");
            }
        }
        if (line.size() > 0) {
            changed |= emit(line, session, utf8, out, false);
        }
        return changed;
    }

    private static boolean emit(ByteArrayOutputStream line, Redactor.Session session, CharsetDecoder utf8,
                                OutputStream out, boolean newline) throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (bytes.length > MAX_LINE) {
            throw new Unscrubbable("holds a line longer than " + MAX_LINE / (1024 * 1024)
                    + " MiB, which cannot be redacted safely");
        }
        Charset charset = StandardCharsets.UTF_8;
        String text;
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            // Not text in UTF-8 (binary, or another encoding): byte for byte, so nothing else changes.
            charset = StandardCharsets.ISO_8859_1;
            text = new String(bytes, charset);
        }
        String clean = session.line(text);
        boolean changed = !clean.equals(text);
        if (out != null) {
            out.write(changed ? clean.getBytes(charset) : bytes);
            if (newline) {
                out.write('\n');
            }
        }
        return changed;
    }
}
