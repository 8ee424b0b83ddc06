package io.fede2e.uploader;

/**
 * Where an upload stands after one more object.
 *
 * @param name the object just written
 * @param bytesDone local bytes written so far (before compression)
 * @param bytesTotal local bytes to write in this upload
 * @param objectsDone objects written so far
 * @param objectsTotal objects to write in this upload
 */
public record UploadProgress(String name, long bytesDone, long bytesTotal, int objectsDone, int objectsTotal) {
}
