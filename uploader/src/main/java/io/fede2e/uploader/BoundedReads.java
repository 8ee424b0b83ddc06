package io.fede2e.uploader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a stream whole, but never more than a bound. */
final class BoundedReads {

    private BoundedReads() {
    }

    static byte[] readAll(InputStream in, long maxBytes, String name, String root) throws IOException {
        // grows as the data comes: a bound of 1 GiB must not allocate 1 GiB for a 2-byte object
        byte[] buf = new byte[(int) Math.min(8192, maxBytes + 1)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n > maxBytes) {
                    throw tooLarge(name, root, maxBytes);
                }
                long grown = Math.min(Math.max(2L * buf.length, 8192), maxBytes + 1);
                if (grown > Integer.MAX_VALUE - 8) {
                    throw new ObjectTooLargeException(name + " in " + root + " is larger than "
                            + (Integer.MAX_VALUE - 8) + " bytes once decoded: too large to hold", maxBytes);
                }
                buf = Arrays.copyOf(buf, (int) grown);
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    static ObjectTooLargeException tooLarge(String name, String root, long maxBytes) {
        return new ObjectTooLargeException(name + " in " + root + " is larger than " + maxBytes
                + " bytes once decoded and was not read whole; look at it in the bucket", maxBytes);
    }
}
