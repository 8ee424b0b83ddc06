package io.fede2e.dashboard.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The site's tests: each name's number (given while walking the jobs), rank in name order,
 * and identity.
 */
record TestTable(Map<String, Integer> ids, int[] rankOf, TestInfo[] byRank) {

    /** Ranks the names numbered in {@code ids} (0 to its size) and makes each test's identity. */
    static TestTable of(Map<String, Integer> ids, Executor executor) {
        String[] byId = new String[ids.size()];
        ids.forEach((name, id) -> byId[id] = name);
        // the names themselves are sorted, on both cores, then numbered back through the map:
        // sorting boxed numbers by a comparator that looks the names up cost half as much again
        // (100,000 names sharing long prefixes: 0.7 s of a 10 s run)
        String[] sorted = byId.clone();
        Arrays.parallelSort(sorted);
        int[] rankOf = new int[sorted.length];
        for (int r = 0; r < sorted.length; r++) {
            rankOf[ids.get(sorted[r])] = r;
        }
        // in slices on the executor: each test hashes its name for its page's slug
        TestInfo[] byRank = new TestInfo[byId.length];
        int slice = 1024;
        List<Integer> starts = new ArrayList<>();
        for (int from = 0; from < byId.length; from += slice) {
            starts.add(from);
        }
        Tasks.each(starts, from -> {
            for (int id = from; id < Math.min(byId.length, from + slice); id++) {
                byRank[rankOf[id]] = Names.test(byId[id]);
            }
            return from;
        }, executor);
        return new TestTable(ids, rankOf, byRank);
    }

    /** The rank of the test numbered {@code id}. */
    int rank(int id) {
        return rankOf[id];
    }

    /** The rank of a test of the site: every result's test has a row in its job's grid. */
    int rank(String name) {
        return rankOf[ids.get(name)];
    }

    /** A test of the site. */
    TestInfo info(String name) {
        return byRank[rank(name)];
    }
}
