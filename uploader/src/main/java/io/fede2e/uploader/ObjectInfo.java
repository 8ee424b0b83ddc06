package io.fede2e.uploader;

import java.util.Objects;

/**
 * An object's metadata.
 *
 * @param name the name relative to the store's root
 * @param generation the generation, positive and increasing with each write of the name
 * @param size the stored size in bytes (compressed, when gzip-encoded)
 * @param contentType e.g. {@code text/plain; charset=utf-8}, empty when unknown
 * @param contentEncoding {@code gzip} or empty
 * @param cacheControl e.g. {@code no-cache}, empty when unset
 * @param md5 the base64 MD5 of the stored bytes, as GCS lists it ({@code md5Hash}), empty when
 *     unknown (an object written by hand into a file:// store, a composite GCS object)
 */
public record ObjectInfo(String name, long generation, long size, String contentType, String contentEncoding,
                         String cacheControl, String md5) {

    public ObjectInfo {
        Objects.requireNonNull(name, "name");
        contentType = contentType == null ? "" : contentType;
        contentEncoding = contentEncoding == null ? "" : contentEncoding;
        cacheControl = cacheControl == null ? "" : cacheControl;
        md5 = md5 == null ? "" : md5;
    }

    /** Metadata without a checksum. */
    public ObjectInfo(String name, long generation, long size, String contentType, String contentEncoding,
                      String cacheControl) {
        this(name, generation, size, contentType, contentEncoding, cacheControl, "");
    }

    /** The base64 MD5 of {@code data}, in the form of {@link #md5()}. */
    public static String md5Of(byte[] data) {
        return Md5.of(data);
    }
}
