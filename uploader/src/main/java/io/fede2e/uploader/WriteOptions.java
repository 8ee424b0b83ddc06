package io.fede2e.uploader;

/**
 * How to write an object.
 *
 * @param contentType the Content-Type to store, empty for none
 * @param contentEncoding {@code gzip} when {@code data} is already gzip-compressed, else empty
 * @param cacheControl the Cache-Control to store, empty for none
 * @param ifGenerationMatch GCS precondition: {@code null} none, {@code 0} the object must not
 *     exist (create-if-absent), {@code n > 0} its current generation must be n
 */
public record WriteOptions(String contentType, String contentEncoding, String cacheControl, Long ifGenerationMatch) {

    public WriteOptions {
        contentType = contentType == null ? "" : contentType;
        contentEncoding = contentEncoding == null ? "" : contentEncoding;
        cacheControl = cacheControl == null ? "" : cacheControl;
        checkHeader("content type", contentType);
        checkHeader("content encoding", contentEncoding);
        checkHeader("cache control", cacheControl);
        if (ifGenerationMatch != null && ifGenerationMatch < 0) {
            throw new IllegalArgumentException("ifGenerationMatch must be 0 or positive, not " + ifGenerationMatch);
        }
    }

    private static void checkHeader(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters (it becomes an"
                        + " HTTP header)");
            }
        }
    }

    /** No precondition, the given content type. */
    public static WriteOptions of(String contentType) {
        return new WriteOptions(contentType, "", "", null);
    }

    /** The same options, but the object must not exist yet. */
    public WriteOptions ifAbsent() {
        return new WriteOptions(contentType, contentEncoding, cacheControl, 0L);
    }

    /** The same options, but the object's generation must be {@code generation}. */
    public WriteOptions ifGeneration(long generation) {
        return new WriteOptions(contentType, contentEncoding, cacheControl, generation);
    }

    /** The same options with {@code Cache-Control}. */
    public WriteOptions withCacheControl(String value) {
        return new WriteOptions(contentType, contentEncoding, value, ifGenerationMatch);
    }

    /** The same options, marking the data as gzip-compressed. */
    public WriteOptions gzipped() {
        return new WriteOptions(contentType, "gzip", cacheControl, ifGenerationMatch);
    }
}
