package io.fede2e.dashboard.read;

import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.BuildState;
import io.fede2e.layout.Finished;
import io.fede2e.layout.LayoutException;
import io.fede2e.layout.Started;
import io.fede2e.layout.junit.JUnitFormatException;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.layout.junit.TestSuite;
import io.fede2e.uploader.NoSuchObjectException;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import io.fede2e.uploader.GzipMagic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

/**
 * Reads one build from its bucket into a {@link BuildRecord}. Never throws for bad content: a
 * missing or malformed file becomes a problem line on the record, and the rest is still read.
 *
 * <p>Everything read is bounded by decoded bytes, not by the listed size (a few megabytes of
 * gzip inflate to gigabytes): started.json and finished.json by {@link #MAX_JSON_BYTES}, junit
 * files by the JUnit reader's limit, the log by its limit, of which only the tail is held. A
 * gzip object whose Content-Encoding was lost is recognised by its magic bytes. Impossible
 * times are flagged and shown as unknown, never passed on.
 */
public final class BuildReader {

    /** Texts kept per failed test: enough to read, bounded so a huge log cannot fill the heap. */
    static final int MAX_TEXT = 4000;
    static final int LOG_TAIL_LINES = 200;
    static final int LOG_TAIL_CHARS = 32_000;
    static final int MAX_ARTIFACTS = 500;
    /** A skip reason kept per skipped test: a reason is one line, and a federation skips thousands of tests. */
    static final int MAX_SKIP_REASON = 300;
    /** A build log larger than this (decoded) is not read to its end: its tail is not shown. */
    static final long MAX_LOG_BYTES = 64L * 1024 * 1024;
    /** started.json and finished.json are a few hundred bytes; anything over this is not one. */
    static final long MAX_JSON_BYTES = 1024 * 1024;
    /** Bytes of the log's end kept while it streams past: {@link #LOG_TAIL_CHARS} of 4-byte UTF-8. */
    private static final int LOG_TAIL_BYTES = 4 * LOG_TAIL_CHARS;
    /** junit files of a build parsed at once per core: enough to keep the cores busy, few held. */
    private static final int PARSE_CHUNK_PER_CORE = 4;
    /** A time this far past now is not a time a build ran at. */
    private static final long FUTURE_SLACK_SECONDS = 86_400;

    private final JUnitReader junit;
    private final long maxLogBytes;
    private final Clock clock;
    /**
     * One instance of each test name across every build this reader reads, ranked in name order:
     * a federation lists the same few thousand names in each of hundreds of builds, millions of
     * strings and long-name comparisons otherwise.
     */
    private final NamePool names = new NamePool();
    /** One instance of each skip reason across the builds: thousands of skips share a handful. */
    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    /** A reader judging times against {@code clock}; {@code junit}'s text limit is lowered to what is shown. */
    public BuildReader(JUnitReader junit, Clock clock) {
        this(junit, MAX_LOG_BYTES, clock);
    }

    BuildReader(JUnitReader junit, long maxLogBytes, Clock clock) {
        // a failure's text is shown up to MAX_TEXT: the parser need keep no more of any field
        this.junit = junit.withMaxTextChars(Math.min(junit.maxTextChars(), MAX_TEXT));
        this.maxLogBytes = maxLogBytes;
        this.clock = clock;
    }

    /** finished.json's generation, 0 when absent; the cache key's second half. */
    public static long finishedGeneration(ObjectStore store, String job, long build) {
        Optional<ObjectInfo> info = store.stat("logs/" + job + "/" + build + "/" + BuildPaths.FINISHED);
        return info.map(ObjectInfo::generation).orElse(0L);
    }

    /** Reads everything of the build; {@code finishedGeneration} as returned by {@link #finishedGeneration}. */
    public BuildRecord read(ObjectStore store, String job, long build, long finishedGeneration) {
        String dir = "logs/" + job + "/" + build + "/";
        List<String> problems = new ArrayList<>();
        long startedAt = -1;
        String version = "";
        String provider = "";
        long now = clock.instant().getEpochSecond();
        byte[] startedBytes = readOptional(store, dir + BuildPaths.STARTED, MAX_JSON_BYTES, problems);
        if (startedBytes == null) {
            if (problems.isEmpty()) {
                problems.add("started.json is missing");
            }
        } else {
            try {
                Started s = Started.parse(startedBytes);
                startedAt = time(s.timestamp(), BuildPaths.STARTED, now, problems);
                version = s.repoVersion();
                provider = text(s.metadata().get("provider"));
                if (version.isEmpty()) {
                    version = firstNonEmpty(text(s.metadata().get("job-version")),
                            text(s.metadata().get("kubernetes-version")), text(s.metadata().get("version")));
                }
            } catch (LayoutException e) {
                problems.add("started.json: " + oneLine(e.getMessage()));
            }
        }
        long finishedAt = -1;
        String result = "";
        if (finishedGeneration > 0) {
            byte[] finishedBytes = readOptional(store, dir + BuildPaths.FINISHED, MAX_JSON_BYTES, problems);
            if (finishedBytes != null) {
                try {
                    Finished f = Finished.parse(finishedBytes);
                    finishedAt = f.timestamp() == null ? -1 : time(f.timestamp(), BuildPaths.FINISHED, now, problems);
                    result = f.result() == null ? "" : f.result().name();
                    if (result.isEmpty()) {
                        problems.add("finished.json names no result");
                    }
                    String jobVersion = text(f.metadata().get("job-version"));
                    if (version.isEmpty()) {
                        version = jobVersion;
                    }
                    if (provider.isEmpty()) {
                        provider = text(f.metadata().get("provider"));
                    }
                } catch (LayoutException e) {
                    problems.add("finished.json: " + oneLine(e.getMessage()));
                }
            }
        }
        if (finishedGeneration == 0 && startedAt >= 0
                && BuildState.of(startedAt, false, null, clock.instant()) == BuildState.FAILURE) {
            problems.add("finished.json is missing " + BuildState.RUNNING_LIMIT.toHours() + " h after the start: the"
                    + " run died, and the build counts as a failure");
        }
        List<String> artifacts = new ArrayList<>();
        List<String> junitFiles = new ArrayList<>();
        Map<String, Long> sizes = new HashMap<>();
        String runnerFile = null;
        boolean listed = false;
        try {
            // One listing of the whole build: the artifacts, and the sizes that decide what is read.
            for (ObjectInfo o : store.list(dir, "").objects()) {
                String rel = o.name().substring(dir.length());
                sizes.put(o.name(), o.size());
                if (!rel.startsWith(BuildPaths.ARTIFACTS + "/")) {
                    continue;
                }
                if (artifacts.size() < MAX_ARTIFACTS) {
                    artifacts.add(rel);
                }
                if (rel.equals(BuildPaths.ARTIFACTS + "/" + BuildPaths.JUNIT_RUNNER)) {
                    runnerFile = o.name();
                } else if (BuildPaths.isJunitFile(rel)) {
                    junitFiles.add(o.name());
                }
            }
            listed = true;
        } catch (ObjectStoreException e) {
            problems.add("the build's files cannot be listed: " + oneLine(e.getMessage()));
        }
        junitFiles.sort(null);
        // straight from the parser's cases into columns: no result object for a passed or skipped case
        BuildTests tests = new BuildTests(names, reasons);
        // A build of many junit files (the upstream suite writes one per Ginkgo node) is parsed a
        // few files at a time on every core; the cases are taken in the files' order, so the
        // record is the same as from one file after the other, and at most a chunk of parsed
        // reports is held at once.
        int chunk = PARSE_CHUNK_PER_CORE * (ForkJoinPool.getCommonPoolParallelism() + 1);
        for (int from = 0; from < junitFiles.size(); from += chunk) {
            List<String> files = junitFiles.subList(from, Math.min(junitFiles.size(), from + chunk));
            // a chunk of one file (a build's only file) is parsed on this thread
            List<Parsed> parsed = files.parallelStream().map(file -> parse(store, file, sizes.get(file), dir)).toList();
            for (Parsed p : parsed) {
                problems.addAll(p.problems());
                if (p.report() != null) {
                    int k = 0;
                    for (TestSuite suite : p.report().suites()) {
                        for (TestCase c : suite.testCases()) {
                            tests.add(c, p.failureKeys()[k++]);
                        }
                    }
                }
            }
        }
        if (finishedGeneration > 0 && junitFiles.isEmpty()) {
            problems.add("no artifacts/**/junit*.xml: the run left no test results");
        }
        List<Step> steps = new ArrayList<>();
        if (runnerFile != null) {
            JUnitReport report = readJunit(store, runnerFile, sizes.get(runnerFile), dir, problems);
            if (report != null) {
                for (TestCase c : report.testCases()) {
                    steps.add(new Step(c.name(), outcome(c.status()), (float) c.timeSeconds(),
                            cut(firstNonEmpty(c.message(), c.details()), MAX_TEXT)));
                }
            }
        }
        String logTail = readLogTail(store, dir + BuildPaths.BUILD_LOG, listed, sizes.get(dir + BuildPaths.BUILD_LOG),
                problems);
        return new BuildRecord(store.root(), job, build, finishedGeneration, startedAt, finishedAt, result, version,
                provider, problems, tests.columns(), steps, logTail, artifacts);
    }

    /**
     * A junit file's report ({@code null} when it could not be read), what was said about it, and
     * the failure key of each of its cases in order ({@code null} for a case that did not fail).
     */
    private record Parsed(JUnitReport report, List<String> problems, String[] failureKeys) {
    }

    /**
     * Reads one junit file of a build, and normalizes its failures' texts ({@link FailureText}, the
     * costly part of reading a failure) on the thread that parsed it.
     */
    private Parsed parse(ObjectStore store, String file, Long listedSize, String dir) {
        List<String> said = new ArrayList<>(1);
        JUnitReport report = readJunit(store, file, listedSize, dir, said);
        if (report == null) {
            return new Parsed(null, said, new String[0]);
        }
        List<String> keys = new ArrayList<>();
        for (TestSuite suite : report.suites()) {
            for (TestCase c : suite.testCases()) {
                keys.add(outcome(c.status()).failedOnce() ? failureKey(c) : null);
            }
        }
        return new Parsed(report, said, keys.toArray(new String[0]));
    }

    /** The failure key of a failed case, as its {@link TestResult} would compute it. */
    private static String failureKey(TestCase c) {
        return FailureText.normalize(TestResult.failureText(cut(c.message(), MAX_TEXT), cut(c.details(), MAX_TEXT)));
    }

    /**
     * The tail of the build log, unless it is over the limit: a bucket is untrusted, and a log of
     * gigabytes must cost its build's log tail, not the whole site. The size comes from the
     * build's listing ({@code null} there: no log), or from a stat when the listing failed; the
     * decoded bytes are counted as they stream past, and only the last of them are kept.
     */
    private String readLogTail(ObjectStore store, String name, boolean listed, Long listedSize, List<String> problems) {
        Long size = listedSize;
        if (!listed) {
            try {
                size = store.stat(name).map(ObjectInfo::size).orElse(null);
            } catch (ObjectStoreException e) {
                problems.add(BuildPaths.BUILD_LOG + " cannot be read: " + oneLine(e.getMessage()));
                return "";
            }
        }
        if (size == null) {
            return "";
        }
        if (size > maxLogBytes) {
            problems.add(BuildPaths.BUILD_LOG + " is " + size + " bytes, over the limit of " + maxLogBytes
                    + " bytes for showing its tail: open it in the bucket");
            return "";
        }
        byte[] ring = new byte[LOG_TAIL_BYTES];
        long total = 0;
        try (InputStream in = open(store, name)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxLogBytes) {
                    problems.add(BuildPaths.BUILD_LOG + " is over the limit of " + maxLogBytes
                            + " bytes once decoded, for showing its tail: open it in the bucket");
                    return "";
                }
                // keep the last LOG_TAIL_BYTES bytes: the ring's position is total % length
                for (int off = 0; off < n; ) {
                    int at = (int) ((total - n + off) % ring.length);
                    int len = Math.min(n - off, ring.length - at);
                    System.arraycopy(buf, off, ring, at, len);
                    off += len;
                }
            }
        } catch (NoSuchObjectException e) {
            return "";
        } catch (ObjectStoreException | IOException e) {
            problems.add(BuildPaths.BUILD_LOG + " cannot be read: " + oneLine(e.getMessage()));
            return "";
        }
        int kept = (int) Math.min(total, ring.length);
        byte[] last = new byte[kept];
        int start = (int) ((total - kept) % ring.length);
        int first = Math.min(kept, ring.length - start);
        System.arraycopy(ring, start, last, 0, first);
        System.arraycopy(ring, 0, last, first, kept - first);
        int from = 0;
        if (total > kept) {
            // the cut may split a character: start at the next one
            while (from < last.length && (last[from] & 0xC0) == 0x80) {
                from++;
            }
        }
        return tail(new String(last, from, last.length - from, StandardCharsets.UTF_8));
    }

    /**
     * The object's decoded content as a stream: by its Content-Encoding, and by gzip's magic bytes
     * when that metadata was lost (nothing this reader reads, JSON, XML or text, begins with them).
     */
    private static InputStream open(ObjectStore store, String name) throws IOException {
        InputStream in = store.stream(name);
        try {
            return GzipMagic.decode(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private JUnitReport readJunit(ObjectStore store, String name, Long listedSize, String dir, List<String> problems) {
        String rel = name.substring(dir.length());
        if (listedSize != null && listedSize > junit.maxBytes()) {
            // Refused before reading: not a byte of it needs to be fetched.
            problems.add(rel + ": oversized: " + listedSize + " bytes, over the limit of " + junit.maxBytes()
                    + " bytes, and was not read: split the report");
            return null;
        }
        // the JUnit reader counts the decoded bytes and stops at its limit
        try (InputStream in = open(store, name)) {
            return junit.read(in, rel);
        } catch (JUnitFormatException e) {
            problems.add(rel + ": " + e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
                    + oneLine(stripSource(e.getMessage(), rel)));
        } catch (ObjectStoreException | LayoutException | UnsupportedOperationException e) {
            problems.add(rel + ": cannot be read: " + oneLine(e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            problems.add(rel + ": cannot be read: " + oneLine(e.getMessage()));
        }
        return null;
    }

    /**
     * A time from started.json or finished.json as epoch seconds, or -1 when it cannot be one: a
     * time before 1970 or none, or after now (with a day's slack for clocks); a time in
     * milliseconds, microseconds or nanoseconds (other tools' habit) is read as seconds. Each
     * correction is a problem on the build.
     */
    static long time(long t, String file, long now, List<String> problems) {
        if (t <= 0) {
            problems.add(file + ": " + (t == 0 ? "has no timestamp" : "timestamp " + t + " is before 1970")
                    + ": its time is shown as unknown");
            return -1;
        }
        long latest = now + FUTURE_SLACK_SECONDS;
        if (t <= latest) {
            return t;
        }
        String[] units = {"milliseconds", "microseconds", "nanoseconds"};
        long divisor = 1;
        for (String unit : units) {
            divisor *= 1000;
            long seconds = t / divisor;
            // a plausible time in that unit: after 2000-01-01, and not after now
            if (seconds > 946_684_800L && seconds <= latest) {
                problems.add(file + ": timestamp " + t + " is in " + unit + ", not seconds: read as " + seconds);
                return seconds;
            }
        }
        problems.add(file + ": timestamp " + t + " is in the future: its time is shown as unknown");
        return -1;
    }

    private static String stripSource(String message, String source) {
        String m = String.valueOf(message);
        return m.startsWith(source + ": ") ? m.substring(source.length() + 2) : m;
    }

    private static byte[] readOptional(ObjectStore store, String name, long maxBytes, List<String> problems) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        try (InputStream in = open(store, name)) {
            byte[] data = in.readNBytes((int) maxBytes + 1);
            if (data.length > maxBytes) {
                problems.add(file + " is larger than " + maxBytes + " bytes (decoded), and was not read:"
                        + " it is not a " + file + " the layout writes");
                return null;
            }
            return data;
        } catch (NoSuchObjectException e) {
            return null;
        } catch (ObjectStoreException | IOException e) {
            problems.add(file + " cannot be read: " + oneLine(e.getMessage()));
            return null;
        }
    }

    /**
     * The whole result of a case named {@code name} (the pooled instance of its name);
     * {@code reasons} shares one instance of each skip reason among the results; {@code failureKey}
     * is a failed case's key when computed already ({@code null}: computed here).
     */
    static TestResult toResult(TestCase c, String name, Map<String, String> reasons, String failureKey) {
        Outcome o = outcome(c.status());
        Map<String, Double> metrics = c.metrics();
        if (o.failedOnce()) {
            String message = cut(c.message(), MAX_TEXT);
            String details = cut(c.details(), MAX_TEXT);
            String output = cut(joinOutput(c), MAX_TEXT);
            return failureKey == null ? new TestResult(name, o, (float) c.timeSeconds(), message, details, output,
                    metrics) : new TestResult(name, o, (float) c.timeSeconds(), message, details, output, metrics,
                    failureKey);
        }
        if (o == Outcome.SKIP) {
            // the reason tells "skipped here: lacks capability X" from "not in this suite"
            String reason = skipReason(firstNonEmpty(c.message(), c.details()));
            return new TestResult(name, o, (float) c.timeSeconds(), reasons.computeIfAbsent(reason, r -> r),
                    "", "", metrics);
        }
        return new TestResult(name, o, (float) c.timeSeconds(), "", "", "", metrics);
    }

    /** A skip reason as kept: its first non-blank line, bounded. */
    static String skipReason(String text) {
        String s = text == null ? "" : text.strip();
        int nl = s.indexOf('\n');
        s = (nl < 0 ? s : s.substring(0, nl)).strip();
        return s.length() <= MAX_SKIP_REASON ? s : s.substring(0, MAX_SKIP_REASON) + "...";
    }

    private static String joinOutput(TestCase c) {
        if (c.systemErr().isEmpty()) {
            return c.systemOut();
        }
        return c.systemOut().isEmpty() ? c.systemErr() : c.systemOut() + "\n" + c.systemErr();
    }

    static Outcome outcome(TestStatus s) {
        return switch (s) {
            case PASSED -> Outcome.PASS;
            case FAILED, ERROR -> Outcome.FAIL;
            case SKIPPED -> Outcome.SKIP;
        };
    }

    /** Ginkgo retries a flaky test in the same run: a pass and a fail of one name make it FLAKY. */
    static TestResult fold(TestResult a, TestResult b) {
        Outcome o = a.outcome().fold(b.outcome());
        Map<String, Double> metrics = a.metrics().isEmpty() ? b.metrics() : a.metrics();
        if (o == Outcome.PASS) {
            // a skip folded into a pass leaves no reason behind: the test ran
            return new TestResult(a.name(), o, a.seconds() + b.seconds(), "", "", "", metrics);
        }
        // the texts of the failing attempt; of two skips, the first reason
        TestResult kept = a.outcome().failedOnce() || b.outcome() == Outcome.SKIP ? a : b;
        return new TestResult(a.name(), o, a.seconds() + b.seconds(), kept.message(), kept.details(),
                kept.output(), metrics);
    }

    static String tail(String log) {
        String t = log.endsWith("\n") ? log.substring(0, log.length() - 1) : log;
        int pos = t.length();
        for (int i = 0; i < LOG_TAIL_LINES && pos >= 0; i++) {
            pos = pos == 0 ? -1 : t.lastIndexOf('\n', pos - 1);
        }
        String out = t.substring(pos + 1);
        return out.length() > LOG_TAIL_CHARS ? out.substring(out.length() - LOG_TAIL_CHARS) : out;
    }

    static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max) + "\n[... cut at " + max + " characters]";
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    static String oneLine(String s) {
        String m = String.valueOf(s).strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
