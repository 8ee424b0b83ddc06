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

    private Names() {
    }

    /** A slug: the readable part of {@code text} plus a hash, so different texts never share a file. */
    public static String slug(String text, int readable) {
        String b = readable(text, readable);
        return (b.isEmpty() ? "x" : b) + "-" + hash(text).substring(0, 8);
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
