package io.fede2e.dashboard.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File-name-safe ids derived from content, and the SIG and tags of Kubernetes test names. */
public final class Names {

    private static final Pattern BRACKETS = Pattern.compile("\\[([^\\[\\]]{1,80})\\]");
    /** A SHA-256 per thread: see {@link #hash(String, int)}. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private Names() {
    }

    /** A slug: the readable part of {@code text} plus a hash, so different texts never share a file. */
    public static String slug(String text, int readable) {
        String b = readable(text, readable);
        return (b.isEmpty() ? "x" : b) + "-" + hash(text, 4);
    }

    /**
     * The readable part of {@code text} for a file name: its ASCII letters and digits in lower case,
     * each run of other characters one dash between them, at most {@code max} characters; empty
     * when it has no letter or digit.
     */
    public static String readable(String text, int max) {
        StringBuilder b = new StringBuilder();
        boolean sep = false;
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
                if (sep && b.length() > 0) {
                    b.append('-');
                }
                b.append(Character.toLowerCase(c));
                sep = false;
            } else {
                sep = true;
            }
        }
        return b.toString();
    }

    /** The SHA-256 of the text in hex. */
    public static String hash(String text) {
        return hash(text, 32);
    }

    /**
     * The first {@code bytes} bytes of the text's SHA-256 in hex. A digest per thread: every test's
     * slug hashes its name, and looking SHA-256 up among the security providers for each of
     * 100,000 names cost more than hashing them.
     */
    private static String hash(String text, int bytes) {
        MessageDigest sha = SHA256.get();
        byte[] d = sha.digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, bytes);
    }

    /** The test's identity: SIG from {@code [sig-x]} and the other bracketed tags. */
    public static TestInfo test(String name) {
        String sig = "";
        List<String> tags = new ArrayList<>();
        Matcher m = BRACKETS.matcher(name);
        while (m.find()) {
            String tag = m.group(1).trim();
            if (tag.startsWith("sig-") && sig.isEmpty()) {
                sig = tag.substring(4);
            } else if (!tag.isEmpty() && !tags.contains(tag) && !tag.startsWith("sig-")) {
                tags.add(tag);
            }
        }
        tags.sort(null);
        return new TestInfo(name, slug(name, 60), sig, tags);
    }
}
