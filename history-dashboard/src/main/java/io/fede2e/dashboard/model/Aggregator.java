package io.fede2e.dashboard.model;

import io.fede2e.dashboard.SourceConfig;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobBuilds;
import io.fede2e.dashboard.read.Outcome;
import io.fede2e.dashboard.read.TestResult;
import io.fede2e.layout.BuildState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns the builds read into the site's model: grids, statuses, matrix, clusters, flakiness, metrics. */
public final class Aggregator {

    /** TestGrid's num_columns_recent: the builds the summary status looks at. */
    public static final int RECENT_BUILDS = 10;
    /** TestGrid's num_failures_to_alert: consecutive failures that make a test FAILING. */
    public static final int FAILURES_TO_ALERT = 3;
    /** A job whose newest build started longer ago than this is STALE. */
    public static final int STALE_HOURS = 72;
    /** TestGrid's broken_column_threshold: the share of failed tests that makes a build BROKEN. */
    public static final double BROKEN_THRESHOLD = 0.5;
    /** Builds listed per failure cluster; the count covers all. */
    public static final int HITS_PER_CLUSTER = 50;
    /** Flaky test-job pairs listed on the flaky page. */
    public static final int FLAKY_LISTED = 500;

    /** Jobs: by provider, then shown name. */
    public static final Comparator<Job> JOB_ORDER = Comparator.comparing(Job::provider).thenComparing(Job::name);
    /** Grid rows: most failures first, then flakes, then name. */
    public static final Comparator<GridRow> ROW_ORDER = Comparator.comparingInt(GridRow::failures).reversed()
            .thenComparing(Comparator.comparingInt(GridRow::flakes).reversed())
            .thenComparing(r -> r.test().name());
    /** Matrix rows: provider-specific failures first, then most failures, flakiest, then name. */
    public static final Comparator<TestSummary> MATRIX_ORDER = Comparator
            .comparing((TestSummary t) -> t.failsOnlyOn().isEmpty())
            .thenComparing(Comparator.comparingInt(TestSummary::failures).reversed())
            .thenComparing(Comparator.comparingDouble(TestSummary::flakiness).reversed())
            .thenComparing(t -> t.test().name());
    /** Clusters: largest first, then newest, then id. */
    public static final Comparator<Cluster> CLUSTER_ORDER = Comparator.comparingInt(Cluster::count).reversed()
            .thenComparing(Comparator.comparingLong(Cluster::lastSeen).reversed()).thenComparing(Cluster::id);
    /** Flaky pairs: flakiest first, then test name, then job. */
    public static final Comparator<Site.Flaky> FLAKY_ORDER = Comparator
            .comparingDouble((Site.Flaky f) -> f.row().flakiness()).reversed()
            .thenComparing(f -> f.test().name()).thenComparing(f -> f.job().name());

    private static final byte UNSET = -1;

    private final List<SourceConfig> sources;
    private final Instant now;
    private final Map<String, TestInfo> tests = new HashMap<>();

    public Aggregator(List<SourceConfig> sources, Instant now) {
        this.sources = List.copyOf(sources);
        this.now = now;
    }

    /** Builds the model. */
    public Site aggregate(String title, List<JobBuilds> input) {
        List<Job> jobs = new ArrayList<>();
        long results = 0;
        Set<String> slugs = new java.util.HashSet<>();
        for (JobBuilds jb : input) {
            Job job = job(jb);
            if (!slugs.add(job.slug())) {
                throw new IllegalStateException("two jobs share the page " + job.slug());
            }
            jobs.add(job);
            for (BuildRecord b : job.builds()) {
                results += b.tests().size();
            }
        }
        jobs.sort(JOB_ORDER);
        List<String> providers = jobs.stream().map(Job::provider).distinct().sorted().toList();
        return new Site(title, now, providers, jobs, matrix(jobs, providers), clusters(jobs), flaky(jobs),
                metrics(jobs), results);
    }

    private TestInfo info(String name) {
        return tests.computeIfAbsent(name, Names::test);
    }

    static BuildState state(BuildRecord b, Instant now) {
        return BuildStates.of(b, now);
    }

    private Job job(JobBuilds jb) {
        SourceConfig source = sources.get(jb.sourceIndex());
        String name = source.prefix() + jb.job();
        List<BuildRecord> builds = jb.builds();
        String provider = source.provider();
        if (provider.isEmpty()) {
            provider = builds.stream().map(BuildRecord::provider).filter(p -> !p.isEmpty()).findFirst()
                    .orElse(source.prefix().replaceAll("[^A-Za-z0-9._-]", ""));
        }
        if (provider.isEmpty()) {
            provider = "unknown";
        }
        int n = builds.size();
        BuildState[] states = new BuildState[n];
        CellState[] overall = new CellState[n];
        // a hash map: ROW_ORDER below ends with the name, so the rows' order does not depend on it
        Map<String, Acc> cells = new HashMap<>();
        // oldest first: the cached builds of a job share one String per test name, so the keys
        // put first are the instances later lookups carry and compare by reference
        // and a build mostly lists the same tests as the one before it, in the same (name)
        // order: the row found at the same place then needs no lookup at all
        String[] lastNames = new String[0];
        Acc[] lastRows = new Acc[0];
        for (int i = n - 1; i >= 0; i--) {
            BuildRecord b = builds.get(i);
            BuildState s = state(b, now);
            states[i] = s;
            boolean flaky = false;
            String[] names = new String[b.tests().size()];
            Acc[] found = new Acc[names.length];
            for (int k = 0; k < names.length; k++) {
                String test = b.testName(k);
                Outcome outcome = b.testOutcome(k);
                Acc row = k < lastNames.length && lastNames[k] == test ? lastRows[k] : cells.get(test);
                if (row == null) {
                    row = new Acc(n);
                    cells.put(test, row);
                }
                names[k] = test;
                found[k] = row;
                row.set(i, cell(outcome), b.testSeconds(k));
                if (outcome == Outcome.SKIP) {
                    String reason = b.testSkipReason(k);
                    if (!reason.isEmpty()) {
                        if (row.reasons == null) {
                            row.reasons = new String[n];
                        }
                        row.reasons[i] = reason;
                    }
                }
                flaky |= outcome == Outcome.FLAKY;
            }
            lastNames = names;
            lastRows = found;
            for (TestResult t : b.notableTests()) {
                if (t.outcome().failedOnce()) {
                    cells.get(t.name()).fail(i, t, n);
                }
            }
            overall[i] = switch (s) {
                case SUCCESS -> flaky ? CellState.FLAKY : CellState.PASS;
                case FAILURE, ABORTED -> CellState.FAIL;
                case RUNNING -> CellState.RUNNING;
                case UNKNOWN -> CellState.NO_RESULT;
            };
        }
        byte noResult = (byte) CellState.NO_RESULT.ordinal();
        byte running = (byte) CellState.RUNNING.ordinal();
        List<GridRow> rows = new ArrayList<>(cells.size());
        for (Map.Entry<String, Acc> e : cells.entrySet()) {
            byte[] row = e.getValue().cells;
            for (int i = 0; i < n; i++) {
                if (row[i] == UNSET) {
                    row[i] = states[i] == BuildState.RUNNING ? running : noResult;
                }
            }
            rows.add(row(info(e.getKey()), row, e.getValue().results, e.getValue().runSeconds(), e.getValue().reasons));
        }
        rows.sort(ROW_ORDER);
        int failing = (int) rows.stream().filter(r -> r.latestRun() == CellState.FAIL).count();
        List<BuildState> stateList = List.of(states);
        long completed = stateList.stream().filter(s -> s != BuildState.RUNNING).count();
        long passed = stateList.stream().filter(s -> s == BuildState.SUCCESS).count();
        double passRate = completed == 0 ? -1 : (double) passed / completed;
        // a job that could not be listed shows its cached builds, and says so before anything else
        String[] status = jb.unavailable().isEmpty() ? status(builds, stateList, rows, source)
                : new String[] {"STALE", jb.unavailable() + " (showing " + builds.size() + " cached "
                        + (builds.size() == 1 ? "build)" : "builds)")};
        return new Job(name, Names.slug(name, 50), source, jb.sourceIndex(), jb.job(), provider, builds, stateList,
                List.of(overall), rows,
                TabStatus.valueOf(status[0]), status[1], passRate, failing, jb.positions());
    }

    static CellState cell(Outcome o) {
        return switch (o) {
            case PASS -> CellState.PASS;
            case FAIL -> CellState.FAIL;
            case FLAKY -> CellState.FLAKY;
            case SKIP -> CellState.SKIP;
        };
    }

    /** A test's row while a job's builds are walked, oldest build first. */
    private static final class Acc {
        final byte[] cells;
        /** Made for the first failure: most rows of most jobs have none. */
        TestResult[] results;
        /** The runs' durations in the order met (oldest first). */
        float[] seconds = new float[4];
        int runs;
        /** Made for the first skip with a reason: most rows of most jobs have none. */
        String[] reasons;

        Acc(int n) {
            cells = new byte[n];
            java.util.Arrays.fill(cells, UNSET);
        }

        void set(int i, CellState state, float duration) {
            // a name twice in one build (kept as the last): its earlier run, if any, was the last met
            if (cells[i] != UNSET && CellState.VALUES[cells[i]].isRun()) {
                runs--;
            }
            cells[i] = (byte) state.ordinal();
            if (state.isRun()) {
                if (runs == seconds.length) {
                    seconds = java.util.Arrays.copyOf(seconds, runs * 2);
                }
                seconds[runs++] = duration;
            }
        }

        void fail(int i, TestResult t, int n) {
            if (results == null) {
                results = new TestResult[n];
            }
            results[i] = t;
        }

        /** The runs' durations newest first, as the cells are. */
        float[] runSeconds() {
            float[] out = new float[runs];
            for (int k = 0; k < runs; k++) {
                out[k] = seconds[runs - 1 - k];
            }
            return out;
        }
    }

    /** Flips between consecutive runs, oldest first; a FLAKY run is itself one flip. */
    static GridRow row(TestInfo test, byte[] cells, TestResult[] results, float[] runSeconds, String[] reasons) {
        int runs = 0;
        int failures = 0;
        int flakes = 0;
        int flips = 0;
        CellState previous = null;
        for (int i = cells.length - 1; i >= 0; i--) {
            CellState s = CellState.VALUES[cells[i]];
            if (!s.isRun()) {
                continue;
            }
            runs++;
            if (s == CellState.FAIL) {
                failures++;
            } else if (s == CellState.FLAKY) {
                flakes++;
                flips++;
            }
            if (previous != null && s != CellState.FLAKY && previous != CellState.FLAKY && s != previous) {
                flips++;
            }
            previous = s;
        }
        double flakiness = runs < 2 ? 0 : Math.round(1000.0 * flips / runs) / 10.0;
        return new GridRow(test, cells, results, runSeconds, reasons, runs, failures, flakes, flips, flakiness);
    }

    private String[] status(List<BuildRecord> builds, List<BuildState> states, List<GridRow> rows,
                            SourceConfig source) {
        if (builds.isEmpty()) {
            return new String[] {"STALE", "no build in the last " + source.days() + " days"};
        }
        BuildRecord newest = builds.get(0);
        if (newest.startedAt() >= 0 && now.getEpochSecond() - newest.startedAt() > STALE_HOURS * 3600L) {
            return new String[] {"STALE", "the newest build started more than " + STALE_HOURS + " hours ago"};
        }
        int latest = -1;
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i) != BuildState.RUNNING) {
                latest = i;
                break;
            }
        }
        if (latest >= 0) {
            BuildRecord b = builds.get(latest);
            long failed = 0;
            long ran = 0;
            for (int k = 0; k < b.tests().size(); k++) {
                Outcome o = b.testOutcome(k);
                failed += o == Outcome.FAIL ? 1 : 0;
                ran += o != Outcome.SKIP ? 1 : 0;
            }
            if (ran == 0 && BuildStates.isFailure(states.get(latest))) {
                return new String[] {"BROKEN", "build " + b.build() + " failed without any test result"};
            }
            if (ran > 0 && failed >= BROKEN_THRESHOLD * ran) {
                return new String[] {"BROKEN", "build " + b.build() + " failed " + failed + " of " + ran + " tests"};
            }
        }
        int recentEnd = Math.min(states.size(), RECENT_BUILDS);
        for (GridRow r : rows) {
            int streak = 0;
            int seen = 0;
            for (int i = 0; i < r.cells().length && seen < FAILURES_TO_ALERT; i++) {
                CellState s = r.cell(i);
                if (!s.isRun()) {
                    continue;
                }
                seen++;
                if (s != CellState.FAIL) {
                    break;
                }
                streak++;
            }
            if (streak > 0 && streak == seen) {
                return new String[] {"FAILING", r.test().name() + " failed in its last " + streak
                        + (streak == 1 ? " run" : " runs")};
            }
        }
        for (GridRow r : rows) {
            for (int i = 0; i < recentEnd; i++) {
                if (r.cell(i) == CellState.FAIL || r.cell(i) == CellState.FLAKY) {
                    return new String[] {"FLAKY", "failures in the last " + recentEnd + " builds are not consistent"};
                }
            }
        }
        for (int i = 0; i < recentEnd; i++) {
            if (BuildStates.isFailure(states.get(i))) {
                return new String[] {"FLAKY", "build " + builds.get(i).build() + " failed outside the tests"};
            }
        }
        return new String[] {"PASSING", "no failure in the last " + recentEnd + " builds"};
    }

    private List<TestSummary> matrix(List<Job> jobs, List<String> providers) {
        Map<String, Map<String, ProviderAcc>> byTest = new TreeMap<>();
        for (Job job : jobs) {
            for (GridRow r : job.rows()) {
                ProviderAcc acc = byTest.computeIfAbsent(r.test().name(), k -> new HashMap<>())
                        .computeIfAbsent(job.provider(), k -> new ProviderAcc());
                acc.add(job, r);
            }
        }
        List<TestSummary> out = new ArrayList<>(byTest.size());
        for (Map.Entry<String, Map<String, ProviderAcc>> e : byTest.entrySet()) {
            List<ProviderCell> cells = new ArrayList<>();
            int failures = 0;
            double flakiness = 0;
            List<String> failing = new ArrayList<>();
            boolean passesSomewhere = false;
            for (String p : providers) {
                ProviderAcc a = e.getValue().get(p);
                ProviderCell c = a == null ? new ProviderCell(p, CellState.NO_RESULT, 0, 0, 0, 0, 0, 0, "", -1, "")
                        : a.cell(p);
                cells.add(c);
                failures += c.failures();
                flakiness = Math.max(flakiness, c.flakiness());
                if (c.latest() == CellState.FAIL) {
                    failing.add(p);
                } else if (c.latest() == CellState.PASS || c.latest() == CellState.FLAKY) {
                    passesSomewhere = true;
                }
            }
            out.add(new TestSummary(info(e.getKey()), cells, failures, flakiness,
                    passesSomewhere ? failing : List.of()));
        }
        out.sort(MATRIX_ORDER);
        return out;
    }

    private static final class ProviderAcc {
        int runs;
        int passes;
        int failures;
        int flakes;
        int skips;
        double flakiness;
        long latestTime = Long.MIN_VALUE;
        CellState latest = CellState.NO_RESULT;
        String latestJob = "";
        long latestBuild = -1;
        String skipReason = "";

        void add(Job job, GridRow r) {
            runs += r.runs();
            failures += r.failures();
            flakes += r.flakes();
            passes += r.runs() - r.failures() - r.flakes();
            skips += r.skips();
            flakiness = Math.max(flakiness, r.flakiness());
            for (int i = 0; i < r.cells().length; i++) {
                CellState s = r.cell(i);
                // a skip is a result too: "skipped here" is not "never in this provider's suite"
                if (s.isRun() || s == CellState.SKIP) {
                    BuildRecord b = job.builds().get(i);
                    // newest by start time; ties go to the job that sorts first, for a stable result
                    if (b.startedAt() > latestTime) {
                        latestTime = b.startedAt();
                        latest = s;
                        latestJob = job.slug();
                        latestBuild = b.build();
                        skipReason = r.skipReason(i);
                    }
                    break;
                }
            }
        }

        ProviderCell cell(String provider) {
            return new ProviderCell(provider, latest, runs, passes, failures, flakes, skips, flakiness, latestJob,
                    latestBuild, skipReason);
        }
    }

    private List<Cluster> clusters(List<Job> jobs) {
        Map<String, ClusterAcc> byText = new HashMap<>();
        for (Job job : jobs) {
            for (BuildRecord b : job.builds()) {
                for (TestResult t : b.notableTests()) {
                    if (!t.outcome().failedOnce()) {
                        continue;
                    }
                    String text = TestResult.failureText(t.message(), t.details());
                    String key = t.failureKey();
                    byText.computeIfAbsent(key, k -> new ClusterAcc(k, text)).add(job, b, info(t.name()));
                }
            }
        }
        List<Cluster> out = new ArrayList<>(byText.size());
        for (ClusterAcc a : byText.values()) {
            out.add(a.cluster());
        }
        out.sort(CLUSTER_ORDER);
        return out;
    }

    private static final class ClusterAcc {
        final String normalized;
        String example;
        int count;
        final Map<String, TestInfo> tests = new TreeMap<>();
        final Set<String> jobs = new TreeSet<>();
        final Set<String> providers = new TreeSet<>();
        final List<Cluster.Hit> hits = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        ClusterAcc(String normalized, String example) {
            this.normalized = normalized;
            this.example = example;
        }

        void add(Job job, BuildRecord b, TestInfo test) {
            count++;
            tests.put(test.name(), test);
            jobs.add(job.name());
            providers.add(job.provider());
            hits.add(new Cluster.Hit(job.name(), job.slug(), b.build(), b.startedAt(), test));
            first = Math.min(first, b.startedAt());
            last = Math.max(last, b.startedAt());
        }

        Cluster cluster() {
            hits.sort(Comparator.comparingLong(Cluster.Hit::startedAt).reversed()
                    .thenComparing(Cluster.Hit::job).thenComparing(Comparator.comparingLong(Cluster.Hit::build)
                            .reversed()).thenComparing(h -> h.test().name()));
            // the example is the first text met in job, newest-build, test order: stable for the same input
            return new Cluster(Names.hash(normalized).substring(0, 12), normalized, example, count,
                    List.copyOf(tests.values()), List.copyOf(jobs), List.copyOf(providers),
                    hits.subList(0, Math.min(HITS_PER_CLUSTER, hits.size())), first, last);
        }
    }

    private static List<Site.Flaky> flaky(List<Job> jobs) {
        List<Site.Flaky> out = new ArrayList<>();
        for (Job job : jobs) {
            for (GridRow r : job.rows()) {
                if (r.flakiness() > 0) {
                    out.add(new Site.Flaky(r.test(), job, r));
                }
            }
        }
        out.sort(FLAKY_ORDER);
        return out.size() > FLAKY_LISTED ? List.copyOf(out.subList(0, FLAKY_LISTED)) : out;
    }

    private List<MetricSeries> metrics(List<Job> jobs) {
        // test -> metric -> provider -> points
        Map<String, Map<String, Map<String, List<MetricSeries.Point>>>> acc = new TreeMap<>();
        for (Job job : jobs) {
            for (BuildRecord b : job.builds()) {
                for (TestResult t : b.notableTests()) {
                    if (t.metrics().isEmpty()) {
                        continue; // most results: skip building an iterator a million times
                    }
                    for (Map.Entry<String, Double> m : t.metrics().entrySet()) {
                        acc.computeIfAbsent(t.name(), k -> new TreeMap<>())
                                .computeIfAbsent(m.getKey(), k -> new TreeMap<>())
                                .computeIfAbsent(job.provider(), k -> new ArrayList<>())
                                .add(new MetricSeries.Point(b.startedAt(), m.getValue(), job.slug(), b.build()));
                    }
                }
            }
        }
        List<MetricSeries> out = new ArrayList<>();
        Comparator<MetricSeries.Point> byTime = Comparator.comparingLong(MetricSeries.Point::time)
                .thenComparing(MetricSeries.Point::jobSlug).thenComparingLong(MetricSeries.Point::build);
        acc.forEach((test, metrics) -> metrics.forEach((metric, byProvider) -> {
            List<MetricSeries.Line> lines = new ArrayList<>();
            byProvider.forEach((p, points) -> {
                points.sort(byTime);
                lines.add(new MetricSeries.Line(p, points));
            });
            out.add(new MetricSeries(info(test), metric, lines));
        }));
        return out;
    }
}
