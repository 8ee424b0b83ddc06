package io.fede2e.dashboard.model;

import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.TestResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Failures grouped by their normalized texts (Triage's idea), see {@link Cluster}. */
final class Clusters {

    private Clusters() {
    }

    /**
     * The clusters of the jobs' failures in {@link Aggregator#CLUSTER_ORDER}; {@code jobs} in
     * {@link Aggregator#JOB_ORDER}, {@code jobRank} their ranks by name.
     */
    static List<Cluster> of(List<Job> jobs, int[] jobRank, TestTable table) {
        Map<String, ClusterAcc> byText = new HashMap<>();
        for (int j = 0; j < jobs.size(); j++) {
            Job job = jobs.get(j);
            for (int i = 0; i < job.builds().size(); i++) {
                for (TestResult t : job.builds().get(i).notableTests()) {
                    if (!t.outcome().failedOnce()) {
                        continue;
                    }
                    ClusterAcc a = byText.get(t.failureKey());
                    if (a == null) {
                        // the example is the first text met in job, newest-build, test order: stable for the same input
                        a = new ClusterAcc(t.failureKey(), TestResult.failureText(t.message(), t.details()));
                        byText.put(t.failureKey(), a);
                    }
                    a.add(j, i, job.builds().get(i).startedAt(), table.rank(t.name()));
                }
            }
        }
        List<Cluster> out = new ArrayList<>(byText.size());
        for (ClusterAcc a : byText.values()) {
            out.add(a.cluster(jobs, jobRank, table));
        }
        out.sort(Aggregator.CLUSTER_ORDER);
        return out;
    }

    /**
     * A cluster's failures while the jobs are walked: per failure its job, build and test as
     * numbers in a few growing arrays rather than an object, and only the hits listed made.
     */
    private static final class ClusterAcc {
        final String normalized;
        final String example;
        int count;
        /** Per failure: the job's index, the build's index in the job, and the test's rank. */
        int[] jobs = new int[16];
        int[] builds = new int[16];
        int[] tests = new int[16];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        ClusterAcc(String normalized, String example) {
            this.normalized = normalized;
            this.example = example;
        }

        void add(int job, int build, long startedAt, int test) {
            if (count == jobs.length) {
                jobs = Arrays.copyOf(jobs, count * 2);
                builds = Arrays.copyOf(builds, count * 2);
                tests = Arrays.copyOf(tests, count * 2);
            }
            jobs[count] = job;
            builds[count] = build;
            tests[count] = test;
            count++;
            first = Math.min(first, startedAt);
            last = Math.max(last, startedAt);
        }

        Cluster cluster(List<Job> all, int[] jobRank, TestTable table) {
            int[] ranks = Arrays.copyOf(tests, count);
            Arrays.sort(ranks);
            List<TestInfo> testList = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                if (k == 0 || ranks[k] != ranks[k - 1]) {
                    testList.add(table.byRank()[ranks[k]]);
                }
            }
            Set<String> jobNames = new TreeSet<>();
            Set<String> providers = new TreeSet<>();
            boolean[] seen = new boolean[all.size()];
            for (int k = 0; k < count; k++) {
                if (!seen[jobs[k]]) {
                    seen[jobs[k]] = true;
                    jobNames.add(all.get(jobs[k]).name());
                    providers.add(all.get(jobs[k]).provider());
                }
            }
            // newest build first, then job name, newest build id, test name: by ranks, no name compared
            Integer[] order = new Integer[count];
            for (int k = 0; k < count; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (x, y) -> {
                int c = Long.compare(started(all, y), started(all, x));
                c = c != 0 ? c : Integer.compare(jobRank[jobs[x]], jobRank[jobs[y]]);
                c = c != 0 ? c : Long.compare(build(all, y).build(), build(all, x).build());
                return c != 0 ? c : Integer.compare(tests[x], tests[y]);
            });
            List<Cluster.Hit> hits = new ArrayList<>();
            for (int k = 0; k < Math.min(Aggregator.HITS_PER_CLUSTER, count); k++) {
                int h = order[k];
                Job job = all.get(jobs[h]);
                BuildRecord b = build(all, h);
                hits.add(new Cluster.Hit(job.name(), job.slug(), b.build(), b.startedAt(), table.byRank()[tests[h]]));
            }
            return new Cluster(Names.hash(normalized).substring(0, 12), normalized, example, count, testList,
                    List.copyOf(jobNames), List.copyOf(providers), hits, first, last);
        }

        private BuildRecord build(List<Job> all, int hit) {
            return all.get(jobs[hit]).builds().get(builds[hit]);
        }

        private long started(List<Job> all, int hit) {
            return build(all, hit).startedAt();
        }
    }
}
