package io.fede2e.dashboard;

import io.fede2e.dashboard.fakes.GzipBucket;
import io.fede2e.dashboard.fakes.InMemoryObjectStore;
import java.util.List;
import java.util.function.BiConsumer;

/** Small hand-made builds for the tests. */
final class Fixtures {

    static final long T0 = 1_795_000_000L;

    private Fixtures() {
    }

    static String started(long t, String provider) {
        return "{\"timestamp\": " + t + ", \"metadata\": {\"provider\": \"" + provider + "\"}, \"repo-version\": \"v1.31.0\"}";
    }

    static String finished(long t, boolean passed) {
        return "{\"timestamp\": " + t + ", \"passed\": " + passed + ", \"result\": \""
                + (passed ? "SUCCESS" : "FAILURE") + "\"}";
    }

    /** A junit_01.xml with the given cases: each is {name, status, message}. */
    static String junit(String[]... cases) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
                + "<testsuite name=\"Kubernetes e2e suite\" tests=\"" + cases.length + "\">\n");
        for (String[] c : cases) {
            b.append("<testcase name=\"").append(xml(c[0])).append("\" classname=\"e2e\" time=\"1.5\">");
            switch (c[1]) {
                case "failed" -> b.append("<failure message=\"").append(xml(c[2])).append("\">")
                        .append(xml(c[2])).append("</failure>");
                case "skipped" -> b.append("<skipped message=\"skipped\"/>");
                default -> { }
            }
            b.append("</testcase>\n");
        }
        return b.append("</testsuite>\n</testsuites>\n").toString();
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Writes one complete build. */
    static void build(InMemoryObjectStore store, String job, int id, long start, String provider, String junit) {
        build(store::put, job, id, start, provider, junit);
    }

    /** Writes one complete build into a file:// bucket, gzip-encoded as the uploader writes it. */
    static void build(GzipBucket store, String job, int id, long start, String provider, String junit) {
        build(store::put, job, id, start, provider, junit);
    }

    private static void build(BiConsumer<String, String> put, String job, int id, long start, String provider,
                              String junit) {
        String dir = "logs/" + job + "/" + id + "/";
        put.accept(dir + "started.json", started(start, provider));
        put.accept(dir + "artifacts/junit_01.xml", junit);
        put.accept(dir + "build-log.txt", "line one\nE1128 something failed here\nlast line\n");
        put.accept(dir + "finished.json", finished(start + 600, !junit.contains("<failure")));
    }
}
