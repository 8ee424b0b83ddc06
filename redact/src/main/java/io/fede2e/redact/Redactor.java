package io.fede2e.redact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is written anywhere: provider option values declared
 * secret, kubeconfig credentials (tokens, client keys and certificates, passwords, exec plugin
 * environment values), private key blocks, signed URLs and SAS tokens, {@code password=} style
 * assignments, command-line flags such as {@code --token x}, the password of a
 * {@code scheme://user:password@host} URL and {@code Authorization} headers.
 *
 * <p>Console output arrives line by line, and a private key block or a kubeconfig's exec
 * {@code env} list spans lines, so redaction is done by a {@link Session} that remembers what the
 * previous lines opened. Immutable and thread-safe; sessions are not.
 */
public final class Redactor {

    /** What replaces a secret. */
    public static final String MASK = "[REDACTED]";

    private static final int MIN_LITERAL = 4;

    private static final Pattern PEM_ONE_LINE = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)");
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----");
    private static final Pattern PEM_END = Pattern.compile("-----END ([A-Z0-9 ]*)PRIVATE KEY-----");

    /** YAML/JSON/INI style {@code key: value} and {@code key=value} where the key names a credential. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?<![A-Za-z0-9])[\"']?[A-Za-z0-9_.-]*?"
                    + "(?:client-key-data|client-certificate-data|client_key|private[-_]?key|token|password|passwd|pwd"
                    + "|secret|api[-_]?key|access[-_]?key|account[-_]?key|credentials?|auth)"
                    + "[\"']?\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s\"',;&}]+)");
    /** {@code Authorization: Bearer x}, {@code Authorization: Basic x}, and bare bearer tokens. */
    private static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)(authorization\"?\\s*[:=]\\s*\"?(?:(?:bearer|basic|token|negotiate)\\s+)?)([^\\s\"',]+)");
    /** A bearer token outside a header; real ones are long, which spares prose like "bearer token". */
    private static final Pattern BEARER = Pattern.compile("(?i)(\\bbearer\\s+)([A-Za-z0-9._~+/=-]{16,})");
    /** Query parameters of signed URLs (GCS, S3) and Azure SAS tokens. */
    private static final Pattern SIGNED_URL = Pattern.compile(
            "(?i)((?<![A-Za-z0-9_-])(?:sig|signature|x-goog-signature|x-goog-credential|x-amz-signature"
                    + "|x-amz-credential|x-amz-security-token)=)([^&\\s\"'<>]+)");
    /**
     * A command-line flag naming a credential, its value after a space ({@code --token x},
     * {@code -password 'x'}); flags that name where a credential is ({@code --token-file},
     * {@code --key-path}) keep their value, which is a path users need to read.
     */
    private static final Pattern CLI_FLAG = Pattern.compile(
            "(?i)((?<![A-Za-z0-9_-])--?[A-Za-z0-9_.-]*?(?:token|password|passwd|secret|api[-_]?key|access[-_]?key"
                    + "|account[-_]?key|client[-_]?key|private[-_]?key|credentials?)"
                    + "(?![A-Za-z0-9_.-]*(?:file|path|dir|name|id)(?![A-Za-z0-9]))[A-Za-z0-9_.-]*[ \\t]+)"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s\"'-][^\\s\"']*)");
    /** The password of a URL's user information: {@code https://user:password@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "(?i)((?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]*://[^\\s/:@'\"<>]+:)([^\\s/@'\"<>]+)(?=@)");
    /** JSON Web Tokens, as service-account tokens and OIDC id-tokens are. */
    private static final Pattern JWT = Pattern.compile(
            "\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    /** A kubeconfig exec {@code env} entry on one line (JSON or flow YAML). */
    private static final Pattern ENV_ENTRY_INLINE = Pattern.compile(
            "(\"?name\"?\\s*:\\s*\"?[A-Za-z0-9_.-]+\"?\\s*,\\s*\"?value\"?\\s*:\\s*)(\"[^\"]*\"|[^\\s,}]+)");
    private static final Pattern ENV_NAME_LINE = Pattern.compile("^(\\s*)-\\s+name:\\s*\\S+\\s*$");
    private static final Pattern ENV_VALUE_LINE = Pattern.compile("^(\\s*value:\\s*)(.+)$");
    /** One of these (lower case) is in every match of KEY_VALUE and AUTH_HEADER. */
    private static final List<String> KEY_WORDS = List.of("key", "certificate", "token", "passw", "pwd", "secret",
            "credential", "auth");
    /** One of these (lower case) is in every match of SIGNED_URL. */
    private static final List<String> SIGNED_URL_WORDS = List.of("sig", "credential", "token");

    private final List<String> literals;

    private Redactor(Set<String> literals) {
        List<String> kept = new ArrayList<>();
        for (String s : new TreeSet<>(literals)) {
            if (s != null && s.strip().length() >= MIN_LITERAL) {
                kept.add(s.strip());
            }
        }
        // Longest first, so a secret that contains another is masked whole.
        kept.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        this.literals = List.copyOf(kept);
    }

    /** A redactor for the built-in patterns only. */
    public static Redactor patternsOnly() {
        return new Redactor(Set.of());
    }

    /**
     * A redactor that also masks each of {@code secretValues} wherever it appears (values shorter
     * than four characters are ignored: masking them would garble ordinary text).
     */
    public static Redactor withSecrets(Set<String> secretValues) {
        return new Redactor(Objects.requireNonNull(secretValues, "secretValues"));
    }

    /** This redactor plus {@code moreSecrets}. */
    public Redactor plus(Set<String> moreSecrets) {
        Set<String> all = new TreeSet<>(literals);
        all.addAll(moreSecrets);
        return new Redactor(all);
    }

    /** A new line-by-line session. */
    public Session session() {
        return new Session();
    }

    /**
     * A session of this redactor that goes on where {@code previous} (of any redactor, or null)
     * stopped: a private key block or an exec {@code env} list it had opened stays open, so
     * learning a secret in the middle of a key block does not print the rest of the key.
     */
    public Session session(Session previous) {
        Session s = new Session();
        if (previous != null) {
            s.inKey = previous.inKey;
            s.afterEnvName = previous.afterEnvName;
        }
        return s;
    }

    /** Redacts a whole text (lines separated by '\n'), keeping its line structure. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Session s = session();
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                out.append(s.line(text.substring(start)));
                break;
            }
            out.append(s.line(text.substring(start, nl))).append('\n');
            start = nl + 1;
            if (start == text.length()) {
                break;
            }
        }
        return out.toString();
    }

    /** Redacted and squeezed onto one line, for exception messages and log lines; null gives "". */
    public String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return redact(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** Redacts line by line, remembering multi-line constructs (key blocks, exec env lists). */
    public final class Session {
        private boolean inKey;
        private boolean afterEnvName;

        private Session() {
        }

        /** The line (without its terminator), redacted. */
        public String line(String line) {
            if (inKey) {
                Matcher end = PEM_END.matcher(line);
                if (end.find()) {
                    inKey = false;
                    return MASK + " " + line.substring(end.start());
                }
                return MASK;
            }
            String l = line;
            // Every pattern needs some marker character or word; most lines (test names, progress)
            // have none, and skipping the regexes for them keeps redaction off the per-test path.
            // Replacements only mask or drop text, so markers looked up once stay a safe superset.
            if (l.contains("-----")) {
                Matcher begin = PEM_BEGIN.matcher(l);
                if (begin.find() && !PEM_END.matcher(l).find(begin.end())) {
                    inKey = true;
                    return l.substring(0, begin.end()) + " " + MASK;
                }
                l = PEM_ONE_LINE.matcher(l).replaceAll(m -> Matcher.quoteReplacement(
                        "-----BEGIN " + m.group(1) + "PRIVATE KEY-----" + MASK
                                + (m.group(2).isEmpty() ? "" : m.group(2))));
            }
            boolean colon = l.indexOf(':') >= 0;
            boolean equals = l.indexOf('=') >= 0;
            if (afterEnvName) {
                afterEnvName = false;
                Matcher v = ENV_VALUE_LINE.matcher(l);
                if (colon && v.matches()) {
                    return v.group(1) + MASK;
                }
            }
            if (colon && ENV_NAME_LINE.matcher(l).matches()) {
                afterEnvName = true;
            }
            for (String secret : literals) {
                if (l.contains(secret)) {
                    l = l.replace(secret, MASK);
                }
            }
            boolean dash = l.indexOf('-') >= 0;
            String lower = colon || equals || dash || l.indexOf('b') >= 0 || l.indexOf('B') >= 0
                    ? l.toLowerCase(Locale.ROOT) : "";
            if ((colon || equals) && containsAny(lower, KEY_WORDS)) {
                l = replaceValue(KEY_VALUE, l);
                l = replaceValue(AUTH_HEADER, l);
            }
            if (dash && containsAny(lower, KEY_WORDS)) {
                l = replaceValue(CLI_FLAG, l);
            }
            if (colon && l.indexOf('@') >= 0 && l.contains("://")) {
                l = replaceValue(URL_PASSWORD, l);
            }
            if (lower.contains("bearer")) {
                l = replaceValue(BEARER, l);
            }
            if (equals && containsAny(lower, SIGNED_URL_WORDS)) {
                l = replaceValue(SIGNED_URL, l);
            }
            if (colon && l.contains("value")) {
                l = replaceValue(ENV_ENTRY_INLINE, l);
            }
            if (l.contains("eyJ")) {
                l = JWT.matcher(l).replaceAll(MASK);
            }
            return l;
        }
    }

    private static boolean containsAny(String lower, List<String> words) {
        for (String w : words) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static String replaceValue(Pattern p, String line) {
        Matcher m = p.matcher(line);
        if (!m.find()) {
            return line;
        }
        StringBuilder sb = new StringBuilder(line.length());
        do {
            String value = m.group(2);
            String masked = value.startsWith("\"") ? "\"" + MASK + "\""
                    : value.startsWith("'") ? "'" + MASK + "'" : MASK;
            if (value.equals(MASK) || value.equals("\"" + MASK + "\"")) {
                masked = value;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + masked));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
