package io.fede2e.uploader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * Recognises gzip by its first two bytes. The Content-Encoding metadata that says an object is
 * compressed is easily lost ({@code cp -r} drops a file:// store's extended attributes, other
 * sync tools drop GCS metadata), while the bytes keep saying it.
 */
public final class GzipMagic {

    private GzipMagic() {
    }

    /**
     * {@code in} decompressed when it begins with the gzip magic bytes {@code 1f 8b}, else
     * {@code in} unchanged (its first bytes pushed back). Only for content that cannot begin
     * with those bytes itself (text, JSON, XML): an artifact that is a {@code .gz} file stays
     * what it is when read through {@link ObjectStore#stream(String)}.
     */
    public static InputStream decode(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 2);
        int b0 = p.read();
        if (b0 < 0) {
            return p;
        }
        int b1 = p.read();
        if (b1 >= 0) {
            p.unread(b1);
        }
        p.unread(b0);
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(p, 8192);
        }
        return p;
    }
}
