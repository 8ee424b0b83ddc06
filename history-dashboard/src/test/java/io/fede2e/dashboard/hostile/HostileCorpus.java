package io.fede2e.dashboard.hostile;

import io.fede2e.dashboard.fakes.GzipBucket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hostile bucket: one job {@code control} of good builds, and one job {@code hostile} with a
 * build per case. The cases are the folders under {@code src/test/resources/hostile/} (each the
 * files of one build and {@code expect.txt}, the text its build page must show) and the cases
 * too large or too odd for a folder, made here: compression bombs, huge texts, links, broken
 * encodings.
 */
final class HostileCorpus {

    static final long NOW = 1_795_000_000L;
    static final String CONTROL = "control";
    static final String HOSTILE = "hostile";
    static final int CONTROL_BUILDS = 3;
    private static final long T = NOW - 3600;
    private static final String STARTED = "{\"timestamp\": " + T + ", \"metadata\": {\"provider\": \"p\"}}";
    private static final String FINISHED = "{\"timestamp\": " + (T + 600) + ", \"passed\": false, \"result\": \"FAILURE\"}";
    private static final String JUNIT = "<testsuite><testcase name=\"[sig-h] ok\" time=\"1\"/></testsuite>";

    /** One case: its build id in the hostile job, and what its build page must show (may be empty). */
    record Case(String name, long build, String expect) {
    }

    private HostileCorpus() {
    }

    /** Writes the control builds alone into {@code dir}. */
    static void writeControl(GzipBucket bucket) {
        for (int id = 1; id <= CONTROL_BUILDS; id++) {
            String dir = "logs/" + CONTROL + "/" + id + "/";
            bucket.put(dir + "started.json", "{\"timestamp\": " + (NOW - 7200 + id) + ", \"metadata\": {\"provider\":"
                    + " \"good\"}}");
            bucket.put(dir + "artifacts/junit_01.xml", "<testsuite><testcase name=\"[sig-c] control passes\""
                    + " time=\"2\"/><testcase name=\"[sig-c] control fails\"><failure message=\"boom " + id
                    + "\">at line " + id + "</failure></testcase></testsuite>");
            bucket.put(dir + "build-log.txt", "control log of " + id + "\n");
            bucket.put(dir + "finished.json", "{\"timestamp\": " + (NOW - 7000 + id) + ", \"result\": \"FAILURE\"}");
        }
    }

    /** Writes the control builds and every case into the bucket in {@code dir}; returns the cases. */
    static List<Case> write(Path dir, Path outside) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (GzipBucket bucket = GzipBucket.in(dir)) {
            writeControl(bucket);
            long id = 1;
            for (Path folder : folders()) {
                String prefix = "logs/" + HOSTILE + "/" + id + "/";
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        String rel = folder.relativize(f).toString().replace('\\', '/');
                        if (!rel.equals("expect.txt")) {
                            bucket.put(prefix + rel, Files.readAllBytes(f));
                        }
                    }
                }
                cases.add(new Case(folder.getFileName().toString(), id,
                        Files.readString(folder.resolve("expect.txt"), StandardCharsets.UTF_8).strip()));
                id++;
            }
            generated(bucket, dir, outside, id, cases);
        }
        return cases;
    }

    private static List<Path> folders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(HostileCorpus.class.getResource("/hostile").toURI()))) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A build with good started/finished/junit/log, then {@code name} replaced. */
    private static String build(GzipBucket bucket, long id) {
        String prefix = "logs/" + HOSTILE + "/" + id + "/";
        bucket.put(prefix + "started.json", STARTED);
        bucket.put(prefix + "finished.json", FINISHED);
        bucket.put(prefix + "artifacts/junit_01.xml", JUNIT);
        bucket.put(prefix + "build-log.txt", "a\nb\n");
        return prefix;
    }

    private static void generated(GzipBucket bucket, Path dir, Path outside, long first, List<Case> cases)
            throws IOException {
        long id = first;
        // 4 GiB of zeros in 256 gzip members of 16 MiB: about 4 MB stored
        byte[] bomb = members(16 << 20, (byte) '0', 256);
        String p = build(bucket, id);
        // for the junit file, blanks inside an open element: well-formed as far as it goes
        bucket.putGzip(p + "artifacts/junit_01.xml", concat(GzipBucket.gzip("<testsuite>".getBytes(StandardCharsets.UTF_8)),
                members(16 << 20, (byte) ' ', 256)));
        cases.add(new Case("gen-junit-bomb-4GiB", id++, "artifacts/junit_01.xml: oversized"));

        p = build(bucket, id);
        bucket.putGzip(p + "build-log.txt", bomb);
        cases.add(new Case("gen-log-bomb-4GiB", id++, "build-log.txt is over the limit of 67108864 bytes once decoded"));

        p = build(bucket, id);
        bucket.putGzip(p + "started.json", bomb);
        cases.add(new Case("gen-started-bomb-4GiB", id++, "started.json is larger than 1048576 bytes"));

        p = build(bucket, id);
        bucket.putGzip(p + "finished.json", bomb);
        cases.add(new Case("gen-finished-bomb-4GiB", id++, "finished.json is larger than 1048576 bytes"));

        // a 95 MB system-out, just under the junit limit: read streaming, kept cut
        p = build(bucket, id);
        bucket.putGzip(p + "artifacts/junit_01.xml", concat(
                GzipBucket.gzip("<testsuite><testcase name=\"[sig-h] loud\"><failure message=\"m\">f</failure><system-out>"
                        .getBytes(StandardCharsets.UTF_8)),
                members(1 << 20, (byte) 'o', 95),
                GzipBucket.gzip("</system-out></testcase></testsuite>".getBytes(StandardCharsets.UTF_8))));
        cases.add(new Case("gen-system-out-95MB", id++, "[... cut at 4000 characters]"));

        // a 40 MB attribute
        p = build(bucket, id);
        bucket.putGzip(p + "artifacts/junit_01.xml", concat(
                GzipBucket.gzip("<testsuite><testcase name=\"[sig-h] wide\"><failure message=\"".getBytes(StandardCharsets.UTF_8)),
                members(1 << 20, (byte) 'm', 40),
                GzipBucket.gzip("\">f</failure></testcase></testsuite>".getBytes(StandardCharsets.UTF_8))));
        cases.add(new Case("gen-attribute-40MB", id++, "[... cut at 4000 characters]"));

        // 1,000 test cases in one file (each is a test page of the site)
        StringBuilder many = new StringBuilder("<testsuite>");
        for (int i = 0; i < 1_000; i++) {
            many.append("<testcase name=\"[sig-h] many ").append(i).append("\" time=\"0.1\"/>");
        }
        p = build(bucket, id);
        bucket.put(p + "artifacts/junit_01.xml", many.append("</testsuite>").toString());
        cases.add(new Case("gen-1000-cases", id++, "1000 passed"));

        // gzip whose Content-Encoding was lost
        p = build(bucket, id);
        bucket.putRaw(p + "artifacts/junit_01.xml", GzipBucket.gzip(
                "<testsuite><testcase name=\"[sig-h] lost encoding\"/></testsuite>".getBytes(StandardCharsets.UTF_8)));
        cases.add(new Case("gen-lost-content-encoding", id++, "1 passed"));

        // Content-Encoding gzip claimed on plain bytes
        p = build(bucket, id);
        bucket.putGzip(p + "artifacts/junit_01.xml",
                "<testsuite><testcase name=\"[sig-h] plain\"/></testsuite>".getBytes(StandardCharsets.UTF_8));
        cases.add(new Case("gen-false-content-encoding", id++, "1 passed"));

        // truncated gzip
        p = build(bucket, id);
        byte[] whole = GzipBucket.gzip(("<testsuite>" + "<testcase name=\"x\"/>".repeat(2000) + "</testsuite>")
                .getBytes(StandardCharsets.UTF_8));
        bucket.putGzip(p + "artifacts/junit_01.xml", Arrays.copyOf(whole, whole.length / 2));
        cases.add(new Case("gen-truncated-gzip", id++, "artifacts/junit_01.xml: "));

        // a 5 MB log line without a newline
        p = build(bucket, id);
        bucket.put(p + "build-log.txt", "E".repeat(5_000_000));
        cases.add(new Case("gen-log-one-5MB-line", id++, "EEEEEEEEEE"));

        // a finished.json of 2 MB of metadata
        p = build(bucket, id);
        bucket.put(p + "finished.json", "{\"result\": \"SUCCESS\", \"metadata\": {\"x\": \"" + "y".repeat(2_000_000) + "\"}}");
        cases.add(new Case("gen-finished-2MB", id++, "finished.json is larger than 1048576 bytes"));

        // path tricks: a started.json that is a link to a file outside, an artifacts folder that
        // is a link to a folder outside (neither is followed), job and build names that are not
        // the layout's (not shown, nothing breaks)
        Files.writeString(outside.resolve("passwd"), "root:x:0:0:secret");
        Files.createDirectories(outside.resolve("artifacts"));
        Files.writeString(outside.resolve("artifacts/junit_01.xml"), "<testsuite><testcase name=\"[sig-h] stolen\"/></testsuite>");
        p = build(bucket, id);
        Path started = dir.resolve(p + "started.json");
        Files.delete(started);
        Files.createSymbolicLink(started, outside.resolve("passwd"));
        cases.add(new Case("gen-started-file-link", id++, "started.json is missing"));

        p = build(bucket, id);
        Path artifacts = dir.resolve(p + "artifacts");
        try (Stream<Path> s = Files.walk(artifacts)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        Files.createSymbolicLink(artifacts, outside.resolve("artifacts"));
        cases.add(new Case("gen-artifacts-folder-link", id++, "no artifacts/**/junit*.xml"));

        bucket.put("logs/<b>job</b>/1/started.json", STARTED);
        bucket.put("logs/" + HOSTILE + "/latest/started.json", STARTED);
        bucket.put("logs/" + HOSTILE + "/99999999999999999999999/started.json", STARTED);
        Files.createDirectories(dir.resolve("logs/" + HOSTILE));
        Files.createSymbolicLink(dir.resolve("logs/" + HOSTILE + "/" + (id + 1000)), outside);
    }

    /** {@code count} gzip members of {@code size} bytes of {@code fill}: one is compressed, the rest copied. */
    static byte[] members(int size, byte fill, int count) {
        byte[] one = GzipBucket.gzipOf(size, fill);
        ByteArrayOutputStream out = new ByteArrayOutputStream(one.length * count);
        for (int i = 0; i < count; i++) {
            out.write(one, 0, one.length);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : parts) {
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
