package io.fede2e.uploader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;

/** Object metadata in the {@code user.fede2e.meta} extended attribute of the data file. */
final class XattrMeta {

    static final String NAME = "fede2e.meta";
    private static final int MAX = 4000;

    private XattrMeta() {
    }

    /** Whether {@code dir}'s file system keeps user extended attributes (tried on the lock file). */
    static boolean supported(Path dir) {
        Path probe = dir.resolve(FileStoreLock.FILE_NAME);
        try {
            Files.newByteChannel(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            UserDefinedFileAttributeView view = view(probe);
            if (view == null) {
                return false;
            }
            view.write("fede2e.probe", ByteBuffer.wrap(new byte[] {1}));
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    static void write(Path file, byte[] value) throws IOException {
        if (value.length > MAX) {
            throw new ObjectStoreException("the metadata of " + file.getFileName() + " is " + value.length
                    + " bytes, more than the file:// store keeps (" + MAX + "): shorten the content type or cache"
                    + " control");
        }
        view(file).write(NAME, ByteBuffer.wrap(value));
    }

    /** The attribute's bytes, or null when the file has none (it was not written by this store). */
    static byte[] read(Path file) throws IOException {
        UserDefinedFileAttributeView view = view(file);
        ByteBuffer buffer = ByteBuffer.allocate(MAX + 1);
        try {
            int n = view.read(NAME, buffer);
            return Arrays.copyOf(buffer.array(), n);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            // ENODATA: a file copied in by hand (or by a copy that dropped attributes).
            return null;
        }
    }

    private static UserDefinedFileAttributeView view(Path file) {
        return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }
}
