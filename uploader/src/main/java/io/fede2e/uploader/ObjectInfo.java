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
 */
public record ObjectInfo(String name, long generation, long size, String contentType, String contentEncoding,
                         String cacheControl) {

    public ObjectInfo {
        Objects.requireNonNull(name, "name");
        contentType = contentType == null ? "" : contentType;
        contentEncoding = contentEncoding == null ? "" : contentEncoding;
        cacheControl = cacheControl == null ? "" : cacheControl;
    }
}
