package io.fede2e.uploader;

import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.LayoutException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files of a run directory to upload as artifacts: everything but the top-level
 * started.json and finished.json. Symlinks are never followed: one that resolves inside the
 * directory is skipped (its target is uploaded under its own name), one that points outside or
 * nowhere is an error, as are special files (a FIFO would block the upload) and names a bucket
 * cannot hold.
 */
record RunDirScan(List<LocalFile> files, List<String> skipped, List<String> errors) {

    /** A regular file to upload, {@code relative} being its '/'-separated path in the run directory. */
    record LocalFile(String relative, Path path, long size) {
    }

    static RunDirScan of(Path runDir) throws IOException {
        Path real = runDir.toRealPath();
        List<LocalFile> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Files.walkFileTree(real, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String relative = real.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                String shown = LayoutException.printable(relative);
                if (attrs.isSymbolicLink()) {
                    symlink(file, shown);
                } else if (!attrs.isRegularFile()) {
                    errors.add(shown + ": not a regular file (device, FIFO or socket), not uploaded");
                } else if (relative.equals(BuildPaths.STARTED) || relative.equals(BuildPaths.FINISHED)) {
                    return FileVisitResult.CONTINUE;
                } else {
                    try {
                        ObjectNames.check(relative);
                        files.add(new LocalFile(relative, file, attrs.size()));
                    } catch (ObjectStoreException e) {
                        errors.add(shown + ": " + e.getMessage() + ", not uploaded");
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            private void symlink(Path file, String shown) {
                try {
                    Path target = file.toRealPath();
                    if (target.startsWith(real)) {
                        skipped.add(shown + ": symlink to " + LayoutException.printable(
                                real.relativize(target).toString()) + " inside the run directory, not followed");
                    } else {
                        errors.add(shown + ": symlink pointing outside the run directory (to "
                                + LayoutException.printable(target.toString()) + "), not followed and not uploaded;"
                                + " copy the file into the run directory to upload it");
                    }
                } catch (IOException e) {
                    errors.add(shown + ": dangling symlink, not uploaded");
                }
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                errors.add(LayoutException.printable(real.relativize(file).toString()) + ": cannot read ("
                        + e.getClass().getSimpleName() + "), not uploaded");
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(LocalFile::relative));
        return new RunDirScan(List.copyOf(files), List.copyOf(skipped), List.copyOf(errors));
    }
}
