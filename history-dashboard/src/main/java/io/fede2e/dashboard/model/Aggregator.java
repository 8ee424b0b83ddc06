package io.fede2e.dashboard.model;

import io.fede2e.dashboard.SourceConfig;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobBuilds;
import io.fede2e.dashboard.read.Outcome;
import io.fede2e.dashboard.read.TestResult;
import io.fede2e.layout.BuildState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

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
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final List<SourceConfig> sources;
    private final Instant now;

    public Aggregator(List<SourceConfig> sources, Instant now) {
        this.sources = List.copyOf(sources);
        this.now = now;
    }

    /** Builds the model on the calling thread. */
    public Site aggregate(String title, List<JobBuilds> input) {
        return aggregate(title, input, Runnable::run);
    }

    /**
     * Builds the model, the jobs' grids in parallel on {@code executor}: the same model as on one
     * thread, whatever the executor (the order of everything comes from names and counts, never
     * from which task finished first).
     */
    public Site aggregate(String title, List<JobBuilds> input, Executor executor) {
        // every test name of the site numbered once (in whatever order the jobs' tasks meet them)
        // and ranked by name once: the rows of every job, the matrix, the flaky list and the
        // clusters are then put in name order by these ranks instead of by comparing names that
        // share most of their characters ("[sig-apps] Deployment ..."); a rank depends on the
        // names alone, never on the numbering
        ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        // each job's builds walked once into a row per test, the jobs side by side
        List<Walked> walked = Tasks.each(input, jb -> walk(jb, ids, next), executor, CORES);
        TestTable table = TestTable.of(ids, executor);
        List<Integer> indexes = java.util.stream.IntStream.range(0, walked.size()).boxed().toList();
        List<Graded> graded = Tasks.each(indexes, i -> job(input.get(i), walked.get(i), table), executor, CORES);
        long results = 0;
        Set<String> slugs = new java.util.HashSet<>();
        for (Graded g : graded) {
            Job job = g.job();
            if (!slugs.add(job.slug())) {
                throw new IllegalStateException("two jobs share the page " + job.slug());
            }
            for (BuildRecord b : job.builds()) {
                results += b.tests().size();
            }
        }
        // no two jobs tie (a name is a page), so the input's order no longer shows
        List<Graded> sorted = new ArrayList<>(graded);
        sorted.sort(Comparator.comparing(Graded::job, JOB_ORDER));
        List<Job> jobs = sorted.stream().map(Graded::job).toList();
        int[] jobNameRank = nameRanks(jobs);
        List<String> providers = jobs.stream().map(Job::provider).distinct().sorted().toList();
        // matrix, flaky list, clusters and metrics only read the jobs: two of them on the executor
        CompletableFuture<List<Cluster>> clusters = CompletableFuture.supplyAsync(
                () -> Clusters.of(jobs, jobNameRank, table), executor);
        CompletableFuture<List<MetricSeries>> metrics = CompletableFuture.supplyAsync(
                () -> metrics(jobs, table), executor);
        List<TestSummary> matrix = matrix(sorted, providers, table);
        List<Site.Flaky> flaky = flaky(sorted, jobNameRank);
        return new Site(title, now, providers, jobs, matrix, Tasks.join(clusters), flaky, Tasks.join(metrics), results);
    }

    /** Each job's rank by name, indexed as {@code jobs}; job names are distinct (each names a page). */
    private static int[] nameRanks(List<Job> jobs) {
        Integer[] byName = new Integer[jobs.size()];
        for (int j = 0; j < byName.length; j++) {
            byName[j] = j;
        }
        Arrays.sort(byName, Comparator.comparing(j -> jobs.get(j).name()));
        int[] rank = new int[byName.length];
        for (int r = 0; r < byName.length; r++) {
            rank[byName[r]] = r;
        }
        return rank;
    }

    static BuildState state(BuildRecord b, Instant now) {
        return BuildStates.of(b, now);
    }

    /**
     * A job's builds walked into one row per test, in no particular order.
     *
     * @param ids the number of each row's test, see {@link TestTable}
     */
    private record Walked(BuildState[] states, CellState[] overall, int[] ids, Acc[] rows) {
    }

    /**
     * A job, with what the site-wide parts need of its rows, each array in the rows' order.
     *
     * @param ranks each row's test's rank in name order
     * @param skips each row's SKIP cells
     * @param newest each row's newest cell that is a run or a skip, -1 when none
     */
    private record Graded(Job job, int[] ranks, int[] skips, int[] newest) {
    }

    private Walked walk(JobBuilds jb, ConcurrentHashMap<String, Integer> numbers, AtomicInteger next) {
        List<BuildRecord> builds = jb.builds();
        int n = builds.size();
        BuildState[] states = new BuildState[n];
        CellState[] overall = new CellState[n];
        // oldest first: the cached builds of a job share one String per test name, so the keys
        // put first are the instances later lookups carry and compare by reference
        // and a build mostly lists the same tests as the one before it, in the same (name)
        // order: the row found at the same place then needs no lookup at all
        int most = 0;
        for (BuildRecord b : builds) {
            most = Math.max(most, b.tests().size());
        }
        // by place: the name last met there and its row (the newest build that had one there)
        String[] lastNames = new String[most];
        Acc[] lastRows = new Acc[most];
        int lastSize = 0;
        // a build's columns, copied once per build and read as arrays: 4 million results cost
        // four accessor calls each otherwise
        String[] names = new String[most];
        byte[] outcomes = new byte[most];
        float[] seconds = new float[most];
        String[] reasons = new String[most];
        Map<String, Acc> cells = new HashMap<>(most * 4 / 3 + 1);
        for (int i = n - 1; i >= 0; i--) {
            BuildRecord b = builds.get(i);
            BuildState s = state(b, now);
            states[i] = s;
            boolean flaky = false;
            int size = b.tests().size();
            b.copyColumns(names, outcomes, seconds, reasons);
            for (int k = 0; k < size; k++) {
                String test = names[k];
                Acc row;
                // a build read now names its tests with other String instances than the cached
                // ones: equal at the same place is still the same row, without hashing the name
                if (k < lastSize && (lastNames[k] == test || lastNames[k].equals(test))) {
                    row = lastRows[k];
                } else {
                    row = cells.get(test);
                    if (row == null) {
                        row = new Acc(n);
                        cells.put(test, row);
                    }
                    lastNames[k] = test;
                    lastRows[k] = row;
                }
                byte outcome = outcomes[k];
                row.set(i, CELL_OF_OUTCOME[outcome], seconds[k]);
                if (outcome == SKIP_OUTCOME) {
                    String reason = reasons[k];
                    if (reason != null && !reason.isEmpty()) {
                        if (row.reasons == null) {
                            row.reasons = new String[n];
                        }
                        row.reasons[i] = reason;
                    }
                }
                flaky |= outcome == FLAKY_OUTCOME;
            }
            lastSize = size;
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
        int[] ids = new int[cells.size()];
        Acc[] rows = new Acc[cells.size()];
        int k = 0;
        for (Map.Entry<String, Acc> e : cells.entrySet()) {
            Acc acc = e.getValue();
            byte[] row = acc.cells;
            for (int i = 0; i < n; i++) {
                if (row[i] == UNSET) {
                    row[i] = states[i] == BuildState.RUNNING ? running : noResult;
                }
            }
            acc.finish();
            // a plain get first: it never locks, and most names are numbered by another job already
            Integer id = numbers.get(e.getKey());
            ids[k] = id != null ? id : numbers.computeIfAbsent(e.getKey(), name -> next.getAndIncrement());
            rows[k++] = acc;
        }
        return new Walked(states, overall, ids, rows);
    }

    private Graded job(JobBuilds jb, Walked w, TestTable table) {
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
        // the rows in name order by their ranks (distinct: one row per name), then by counts: a
        // stable sort keeps name order among equal counts, which is ROW_ORDER without a name compared
        int m = w.ids().length;
        long[] byName = new long[m];
        for (int k = 0; k < m; k++) {
            byName[k] = (long) table.rank(w.ids()[k]) << 32 | k;
        }
        Arrays.sort(byName);
        int recentEnd = Math.min(builds.size(), RECENT_BUILDS);
        GridRow[] inNameOrder = new GridRow[m];
        // what the status, the matrix and the failing count need of each row, from the one pass over its cells
        int[] skips = new int[m];
        int[] newest = new int[m];
        int[] streaks = new int[m];
        boolean unstable = false;
        int failing = 0;
        RowScan scan = new RowScan();
        for (int j = 0; j < m; j++) {
            Acc a = w.rows()[(int) byName[j]];
            scan.scan(a.cells, recentEnd);
            inNameOrder[j] = new GridRow(table.byRank()[(int) (byName[j] >>> 32)], a.cells, a.results, a.runSeconds,
                    a.reasons, scan.runs, scan.failures, scan.flakes, scan.flips,
                    scan.runs < 2 ? 0 : Math.round(1000.0 * scan.flips / scan.runs) / 10.0);
            skips[j] = scan.skips;
            newest[j] = scan.newest;
            streaks[j] = scan.streak;
            unstable |= scan.unstable;
            failing += scan.latestRun == RowScan.FAIL ? 1 : 0;
        }
        int[] order = byCounts(inNameOrder, builds.size());
        List<GridRow> rows = new ArrayList<>(m);
        int[] ranks = new int[m];
        int[] skipsSorted = new int[m];
        int[] newestSorted = new int[m];
        int[] streaksSorted = new int[m];
        for (int j = 0; j < m; j++) {
            int k = order[j];
            rows.add(inNameOrder[k]);
            ranks[j] = (int) (byName[k] >>> 32);
            skipsSorted[j] = skips[k];
            newestSorted[j] = newest[k];
            streaksSorted[j] = streaks[k];
        }
        List<BuildState> stateList = List.of(w.states());
        long completed = stateList.stream().filter(s -> s != BuildState.RUNNING).count();
        long passed = stateList.stream().filter(s -> s == BuildState.SUCCESS).count();
        double passRate = completed == 0 ? -1 : (double) passed / completed;
        // a job that could not be listed shows its cached builds, and says so before anything else
        String[] status = jb.unavailable().isEmpty()
                ? status(builds, stateList, rows, streaksSorted, unstable, source)
                : new String[] {"STALE", jb.unavailable() + " (showing " + builds.size() + " cached "
                        + (builds.size() == 1 ? "build)" : "builds)")};
        Job job = new Job(name, Names.slug(name, 50), source, jb.sourceIndex(), jb.job(), provider, builds, stateList,
                List.of(w.overall()), rows,
                TabStatus.valueOf(status[0]), status[1], passRate, failing, jb.positions());
        return new Graded(job, ranks, skipsSorted, newestSorted);
    }

    /**
     * The order of {@code rows} (in name order) by {@link #ROW_ORDER}: most failures, then most
     * flakes, then the place in name order. Two stable counting sorts, by flakes and then by
     * failures (each at most the job's builds): no comparison at all.
     */
    private static int[] byCounts(GridRow[] rows, int builds) {
        int[] order = new int[rows.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        int[] flakes = new int[rows.length];
        int[] failures = new int[rows.length];
        for (int j = 0; j < rows.length; j++) {
            flakes[j] = rows[j].flakes();
            failures[j] = rows[j].failures();
        }
        return descending(descending(order, flakes, builds), failures, builds);
    }

    /** {@code order} stably sorted by {@code key} (0 to {@code max}) descending. */
    private static int[] descending(int[] order, int[] key, int max) {
        int[] starts = new int[max + 2];
        for (int j : order) {
            starts[max - key[j] + 1]++;
        }
        for (int v = 0; v <= max; v++) {
            starts[v + 1] += starts[v];
        }
        int[] out = new int[order.length];
        for (int j : order) {
            out[starts[max - key[j]]++] = j;
        }
        return out;
    }

    private static final byte SKIP_OUTCOME = (byte) Outcome.SKIP.ordinal();
    private static final byte FLAKY_OUTCOME = (byte) Outcome.FLAKY.ordinal();
    /** The cell of each outcome, as a cell's byte, by the outcome's ordinal. */
    private static final byte[] CELL_OF_OUTCOME = new byte[Outcome.values().length];

    static {
        for (Outcome o : Outcome.values()) {
            CELL_OF_OUTCOME[o.ordinal()] = (byte) cell(o).ordinal();
        }
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

        void set(int i, byte state, float duration) {
            // a name twice in one build (kept as the last): its earlier run, if any, was the last met
            if (cells[i] != UNSET && RowScan.isRun(cells[i])) {
                runs--;
            }
            cells[i] = state;
            if (RowScan.isRun(state)) {
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

        /** The runs' durations newest first, as the cells are: made by {@link #finish}. */
        float[] runSeconds;

        /**
         * Turns the durations met into the row's, newest first, and lets the buffer go: a job's
         * rows wait for the other jobs' before they are sorted.
         */
        void finish() {
            float[] out = new float[runs];
            for (int k = 0; k < runs; k++) {
                out[k] = seconds[runs - 1 - k];
            }
            runSeconds = out;
            seconds = null;
        }
    }

    /** {@code streaks} are the rows' alerting FAIL streaks (see {@link RowScan#streak}), same order. */
    private String[] status(List<BuildRecord> builds, List<BuildState> states, List<GridRow> rows, int[] streaks,
                            boolean unstable, SourceConfig source) {
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
        for (int k = 0; k < rows.size(); k++) {
            int streak = streaks[k];
            if (streak > 0) {
                return new String[] {"FAILING", rows.get(k).test().name() + " failed in its last " + streak
                        + (streak == 1 ? " run" : " runs")};
            }
        }
        if (unstable) {
            return new String[] {"FLAKY", "failures in the last " + recentEnd + " builds are not consistent"};
        }
        for (int i = 0; i < recentEnd; i++) {
            if (BuildStates.isFailure(states.get(i))) {
                return new String[] {"FLAKY", "build " + builds.get(i).build() + " failed outside the tests"};
            }
        }
        return new String[] {"PASSING", "no failure in the last " + recentEnd + " builds"};
    }

    /** Matrix rows without the name: {@link #MATRIX_ORDER} for rows already in name order, sorted stably. */
    private static final Comparator<TestSummary> MATRIX_COUNTS = Comparator
            .comparing((TestSummary t) -> t.failsOnlyOn().isEmpty())
            .thenComparing(Comparator.comparingInt(TestSummary::failures).reversed())
            .thenComparing(Comparator.comparingDouble(TestSummary::flakiness).reversed());

    /** {@code jobs} in {@link #JOB_ORDER}: a tie for a cell's newest result goes to the job that sorts first. */
    private static List<TestSummary> matrix(List<Graded> jobs, List<String> providers, TestTable table) {
        TestInfo[] infoByRank = table.byRank();
        Map<String, Integer> column = new HashMap<>();
        for (String p : providers) {
            column.put(p, column.size());
        }
        // by rank, then by provider: arrays instead of a map by name, so no name is compared
        ProviderAcc[][] byRank = new ProviderAcc[infoByRank.length][];
        for (Graded g : jobs) {
            int p = column.get(g.job().provider());
            List<GridRow> rows = g.job().rows();
            for (int k = 0; k < rows.size(); k++) {
                ProviderAcc[] accs = byRank[g.ranks()[k]];
                if (accs == null) {
                    accs = new ProviderAcc[providers.size()];
                    byRank[g.ranks()[k]] = accs;
                }
                if (accs[p] == null) {
                    accs[p] = new ProviderAcc();
                }
                accs[p].add(g.job(), rows.get(k), g.skips()[k], g.newest()[k]);
            }
        }
        List<TestSummary> out = new ArrayList<>(byRank.length);
        for (int rank = 0; rank < byRank.length; rank++) {
            ProviderAcc[] accs = byRank[rank];
            if (accs == null) {
                continue;
            }
            List<ProviderCell> cells = new ArrayList<>();
            int failures = 0;
            double flakiness = 0;
            List<String> failing = new ArrayList<>();
            boolean passesSomewhere = false;
            for (int p = 0; p < providers.size(); p++) {
                ProviderAcc a = accs[p];
                String provider = providers.get(p);
                ProviderCell c = a == null
                        ? new ProviderCell(provider, CellState.NO_RESULT, 0, 0, 0, 0, 0, 0, "", -1, "")
                        : a.cell(provider);
                cells.add(c);
                failures += c.failures();
                flakiness = Math.max(flakiness, c.flakiness());
                if (c.latest() == CellState.FAIL) {
                    failing.add(provider);
                } else if (c.latest() == CellState.PASS || c.latest() == CellState.FLAKY) {
                    passesSomewhere = true;
                }
            }
            out.add(new TestSummary(infoByRank[rank], cells, failures, flakiness,
                    passesSomewhere ? failing : List.of()));
        }
        // in name order now: a stable sort by the counts alone gives MATRIX_ORDER
        out.sort(MATRIX_COUNTS);
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

        /** {@code skips} and {@code newest} as {@link RowScan} found them for the row. */
        void add(Job job, GridRow r, int skipCells, int newest) {
            runs += r.runs();
            failures += r.failures();
            flakes += r.flakes();
            passes += r.runs() - r.failures() - r.flakes();
            skips += skipCells;
            flakiness = Math.max(flakiness, r.flakiness());
            // a skip is a result too: "skipped here" is not "never in this provider's suite"
            if (newest >= 0) {
                BuildRecord b = job.builds().get(newest);
                // newest by start time; ties go to the job that sorts first, for a stable result
                if (b.startedAt() > latestTime) {
                    latestTime = b.startedAt();
                    latest = r.cell(newest);
                    latestJob = job.slug();
                    latestBuild = b.build();
                    skipReason = r.skipReason(newest);
                }
            }
        }

        ProviderCell cell(String provider) {
            return new ProviderCell(provider, latest, runs, passes, failures, flakes, skips, flakiness, latestJob,
                    latestBuild, skipReason);
        }
    }

    /** A flaky pair with the ranks of its test and job names, so that sorting compares no name. */
    private record FlakyCandidate(Job job, GridRow row, double flakiness, int test, int jobRank) {
    }

    /** {@link #FLAKY_ORDER} with the names' ranks in place of the names. */
    private static final Comparator<FlakyCandidate> FLAKY_RANKS = Comparator
            .comparingDouble(FlakyCandidate::flakiness).reversed()
            .thenComparingInt(FlakyCandidate::test).thenComparingInt(FlakyCandidate::jobRank);

    /** {@code jobs} in {@link #JOB_ORDER}, {@code jobRank} their ranks by name. */
    private static List<Site.Flaky> flaky(List<Graded> jobs, int[] jobRank) {
        List<FlakyCandidate> candidates = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            Graded g = jobs.get(j);
            List<GridRow> rows = g.job().rows();
            for (int k = 0; k < rows.size(); k++) {
                GridRow r = rows.get(k);
                if (r.flakiness() > 0) {
                    candidates.add(new FlakyCandidate(g.job(), r, r.flakiness(), g.ranks()[k], jobRank[j]));
                }
            }
        }
        candidates.sort(FLAKY_RANKS);
        List<Site.Flaky> out = new ArrayList<>(Math.min(FLAKY_LISTED, candidates.size()));
        for (int i = 0; i < candidates.size() && i < FLAKY_LISTED; i++) {
            FlakyCandidate c = candidates.get(i);
            out.add(new Site.Flaky(c.row().test(), c.job(), c.row()));
        }
        return out;
    }

    private static List<MetricSeries> metrics(List<Job> jobs, TestTable table) {
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
            out.add(new MetricSeries(table.info(test), metric, lines));
        }));
        return out;
    }
}
