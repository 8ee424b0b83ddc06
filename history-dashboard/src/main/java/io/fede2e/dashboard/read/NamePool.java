package io.fede2e.dashboard.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test names of every build one reader reads, each held once and numbered, with their order
 * by name as a rank per number. A federation lists the same few thousand names in each of
 * hundreds of builds: pooled, a build's names cost a lookup each instead of a String each, and
 * a build is put in name order by sorting small integers instead of comparing long names that
 * share most of their characters ({@code [sig-apps] Deployment ...}). Thread-safe: builds are
 * read on a pool.
 */
final class NamePool {

    /**
     * Ranks are computed again once the names not yet ranked are this fraction of those ranked
     * (or there were none): the cost of ranking stays proportional to the names pooled, even
     * when every build brings names of its own.
     */
    private static final int RERANK_DIVISOR = 8;

    /** A pooled name and its number. */
    record Name(String text, int id) {
    }

    private static final Comparator<Name> BY_TEXT = Comparator.comparing(Name::text);

    private final ConcurrentHashMap<String, Name> names = new ConcurrentHashMap<>();
    /** The texts by number; guarded by this. */
    private final List<String> byId = new ArrayList<>();
    /** Rank in name order by number, for the numbers below its length; replaced, never changed. */
    private volatile int[] ranks = new int[0];
    /** The names ranked, in name order; guarded by this. */
    private Name[] sorted = new Name[0];

    /** The pooled name equal to {@code text}, pooled now if it was not. */
    Name intern(String text) {
        // a plain get first: it never locks, and nearly every name is there already
        Name n = names.get(text);
        if (n != null) {
            return n;
        }
        synchronized (this) {
            n = names.get(text);
            if (n == null) {
                n = new Name(text, byId.size());
                byId.add(text);
                names.put(text, n);
            }
            return n;
        }
    }

    /** How many names are pooled. */
    int size() {
        return names.size();
    }

    /**
     * Ranks in name order indexed by number, covering every number below {@code ids} when
     * that is affordable, else the last ranks made (shorter: the caller compares names then).
     * The array returned is never changed, so one build sorts by one consistent ranking.
     */
    int[] ranks(int ids) {
        int[] r = ranks;
        if (ids <= r.length) {
            return r;
        }
        synchronized (this) {
            r = ranks;
            int pooled = byId.size();
            if (ids <= r.length || (long) (pooled - r.length) * RERANK_DIVISOR < r.length) {
                return r;
            }
            // the names ranked before are in order already: the new ones are sorted alone and
            // merged in, so ranking again as the pool grows costs a pass, not a sort of them all
            Name[] added = new Name[pooled - sorted.length];
            for (int k = 0; k < added.length; k++) {
                added[k] = names.get(byId.get(sorted.length + k));
            }
            Arrays.sort(added, BY_TEXT);
            Name[] merged = new Name[pooled];
            int i = 0;
            int j = 0;
            for (int k = 0; k < pooled; k++) {
                merged[k] = j == added.length || i < sorted.length && sorted[i].text().compareTo(added[j].text()) < 0
                        ? sorted[i++] : added[j++];
            }
            int[] fresh = new int[pooled];
            for (int k = 0; k < pooled; k++) {
                fresh[merged[k].id()] = k;
            }
            sorted = merged;
            ranks = fresh;
            return fresh;
        }
    }
}
