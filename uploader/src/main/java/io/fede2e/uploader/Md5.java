package io.fede2e.uploader;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** MD5 in GCS' {@code md5Hash} form (base64 of the 16 bytes): what a listing offers to compare content by. */
final class Md5 {

    private Md5() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    static String of(byte[] data) {
        return Base64.getEncoder().encodeToString(digest().digest(data));
    }

    static String encode(MessageDigest digest) {
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    /** A stream that digests what is read through it. */
    static DigestInputStream digesting(InputStream in) {
        return new DigestInputStream(in, digest());
    }
}
