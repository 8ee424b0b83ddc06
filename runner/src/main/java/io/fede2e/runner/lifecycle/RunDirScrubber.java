package io.fede2e.runner.lifecycle;

import io.fede2e.redact.Redactor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Redacts the text files that providers and tests wrote into a run directory (log dumps,
 * kubeconfigs copied for debugging) before anything is uploaded. The runner's own files are
 * redacted as they are written; this catches what others wrote. Binary files and symlinks are
 * left alone (the uploader reports symlinks).
 */
public final class RunDirScrubber {

    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private RunDirScrubber() {
    }

    /** Redacts every text file under {@code dir} except {@code keep}; returns the files changed. */
    public static List<Path> scrub(Path dir, Redactor redactor, Path keep) throws IOException {
        List<Path> changed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return changed;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile() || attrs.size() > MAX_BYTES || file.equals(keep)) {
                    return FileVisitResult.CONTINUE;
                }
                String text = text(file);
                if (text != null) {
                    String clean = redactor.redact(text);
                    if (!clean.equals(text)) {
                        StepLog.writeAtomically(file, clean.getBytes(StandardCharsets.UTF_8));
                        changed.add(file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return changed;
    }

    private static String text(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8192);
            for (byte b : head) {
                if (b == 0) {
                    return null;
                }
            }
        }
        byte[] all = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(all)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
