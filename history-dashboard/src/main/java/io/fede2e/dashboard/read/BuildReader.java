package io.fede2e.dashboard.read;

import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.Finished;
import io.fede2e.layout.LayoutException;
import io.fede2e.layout.Started;
import io.fede2e.layout.junit.JUnitFormatException;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.uploader.NoSuchObjectException;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads one build from its bucket into a {@link BuildRecord}. Never throws for bad content: a
 * missing or malformed file becomes a problem line on the record, and the rest is still read.
 */
public final class BuildReader {

    /** Texts kept per failed test: enough to read, bounded so a huge log cannot fill the heap. */
    static final int MAX_TEXT = 4000;
    static final int LOG_TAIL_LINES = 200;
    static final int LOG_TAIL_CHARS = 32_000;
    static final int MAX_ARTIFACTS = 500;
    /** A skip reason kept per skipped test: a reason is one line, and a federation skips thousands of tests. */
    static final int MAX_SKIP_REASON = 300;
    /** A build log larger than this is not read (its tail would need the whole object in memory). */
    static final long MAX_LOG_BYTES = 64L * 1024 * 1024;

    private final JUnitReader junit;
    private final long maxLogBytes;

    public BuildReader(JUnitReader junit) {
        this(junit, MAX_LOG_BYTES);
    }

    BuildReader(JUnitReader junit, long maxLogBytes) {
        this.junit = junit;
        this.maxLogBytes = maxLogBytes;
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
        byte[] startedBytes = readOptional(store, dir + BuildPaths.STARTED, problems);
        if (startedBytes == null) {
            problems.add("started.json is missing");
        } else {
            try {
                Started s = Started.parse(startedBytes);
                startedAt = s.timestamp();
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
            byte[] finishedBytes = readOptional(store, dir + BuildPaths.FINISHED, problems);
            if (finishedBytes != null) {
                try {
                    Finished f = Finished.parse(finishedBytes);
                    finishedAt = f.timestamp() == null ? -1 : f.timestamp();
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
        TreeMap<String, TestResult> tests = new TreeMap<>();
        // a build skips thousands of tests for a handful of reasons: one String per reason
        Map<String, String> reasons = new HashMap<>();
        for (String file : junitFiles) {
            JUnitReport report = readJunit(store, file, sizes.get(file), dir, problems);
            if (report != null) {
                for (TestCase c : report.testCases()) {
                    TestResult r = toResult(c, reasons);
                    tests.merge(r.name(), r, BuildReader::fold);
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
        String logTail = "";
        byte[] log = readLog(store, dir + BuildPaths.BUILD_LOG, listed, sizes.get(dir + BuildPaths.BUILD_LOG), problems);
        if (log != null) {
            logTail = tail(new String(log, StandardCharsets.UTF_8));
        }
        return new BuildRecord(store.root(), job, build, finishedGeneration, startedAt, finishedAt, result, version,
                provider, problems, List.copyOf(tests.values()), steps, logTail, artifacts);
    }

    /**
     * The build log, unless its size is over the limit: a bucket is untrusted, and a log of
     * gigabytes must cost its build's log tail, not the whole site. The size comes from the
     * build's listing ({@code null} there: no log), or from a stat when the listing failed.
     */
    private byte[] readLog(ObjectStore store, String name, boolean listed, Long listedSize, List<String> problems) {
        Long size = listedSize;
        if (!listed) {
            try {
                size = store.stat(name).map(ObjectInfo::size).orElse(null);
            } catch (ObjectStoreException e) {
                problems.add(BuildPaths.BUILD_LOG + " cannot be read: " + oneLine(e.getMessage()));
                return null;
            }
        }
        if (size == null) {
            return null;
        }
        if (size > maxLogBytes) {
            problems.add(BuildPaths.BUILD_LOG + " is " + size + " bytes, over the limit of " + maxLogBytes
                    + " bytes for showing its tail: open it in the bucket");
            return null;
        }
        return readOptional(store, name, problems);
    }

    private JUnitReport readJunit(ObjectStore store, String name, Long listedSize, String dir, List<String> problems) {
        String rel = name.substring(dir.length());
        if (listedSize != null && listedSize > junit.maxBytes()) {
            // Refused before reading: ObjectStore.read would hold the whole object in memory first.
            problems.add(rel + ": oversized: " + listedSize + " bytes, over the limit of " + junit.maxBytes()
                    + " bytes, and was not read: split the report");
            return null;
        }
        try {
            byte[] bytes = store.read(name);
            return junit.read(new ByteArrayInputStream(bytes), rel);
        } catch (JUnitFormatException e) {
            problems.add(rel + ": " + e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
                    + oneLine(stripSource(e.getMessage(), rel)));
        } catch (ObjectStoreException | LayoutException | UnsupportedOperationException e) {
            problems.add(rel + ": cannot be read: " + oneLine(e.getMessage()));
        }
        return null;
    }

    private static String stripSource(String message, String source) {
        String m = String.valueOf(message);
        return m.startsWith(source + ": ") ? m.substring(source.length() + 2) : m;
    }

    private static byte[] readOptional(ObjectStore store, String name, List<String> problems) {
        try {
            return store.read(name);
        } catch (NoSuchObjectException e) {
            return null;
        } catch (ObjectStoreException e) {
            problems.add(name.substring(name.lastIndexOf('/') + 1) + " cannot be read: " + oneLine(e.getMessage()));
            return null;
        }
    }

    static TestResult toResult(TestCase c) {
        return toResult(c, new HashMap<>());
    }

    /** {@code reasons} shares one instance of each skip reason among the build's results. */
    static TestResult toResult(TestCase c, Map<String, String> reasons) {
        Outcome o = outcome(c.status());
        Map<String, Double> metrics = c.metrics();
        if (o.failedOnce()) {
            return new TestResult(c.name(), o, (float) c.timeSeconds(), cut(c.message(), MAX_TEXT),
                    cut(c.details(), MAX_TEXT), cut(joinOutput(c), MAX_TEXT), metrics);
        }
        if (o == Outcome.SKIP) {
            // the reason tells "skipped here: lacks capability X" from "not in this suite"
            String reason = skipReason(firstNonEmpty(c.message(), c.details()));
            return new TestResult(c.name(), o, (float) c.timeSeconds(), reasons.computeIfAbsent(reason, r -> r),
                    "", "", metrics);
        }
        return new TestResult(c.name(), o, (float) c.timeSeconds(), "", "", "", metrics);
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
