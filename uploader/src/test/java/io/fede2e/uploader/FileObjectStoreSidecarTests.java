package io.fede2e.uploader;

/**
 * The file:// store with its metadata in sidecar files, as on file systems without user extended
 * attributes: every test of {@link FileObjectStoreTests} again.
 */
class FileObjectStoreSidecarTests extends FileObjectStoreTests {

    @Override
    boolean xattrs() {
        return false;
    }
}
