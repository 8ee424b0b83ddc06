package io.fede2e.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The pool behind a build's name order: one instance per name, ranks in name order, ranked again only in bulk. */
class NamePoolTests {

    private final NamePool pool = new NamePool();

    @Nested
    class Interning {

        @Test
        void anEqualNameGivesThePooledInstanceAndItsNumber() {
            NamePool.Name first = pool.intern(new String("[sig-a] one"));
            NamePool.Name again = pool.intern(new String("[sig-a] one"));
            NamePool.Name other = pool.intern("[sig-a] two");

            assertThat(again).isSameAs(first);
            assertThat(again.text()).isSameAs(first.text());
            assertThat(other.id()).isEqualTo(first.id() + 1);
            assertThat(pool.size()).isEqualTo(2);
        }
    }

    @Nested
    class Ranks {

        @Test
        void ranksFollowNameOrderNotTheOrderNamesCameIn() {
            int c = pool.intern("c").id();
            int a = pool.intern("a").id();
            int b = pool.intern("b").id();

            int[] ranks = pool.ranks(3);

            assertThat(ranks).hasSize(3);
            assertThat(ranks[a]).isLessThan(ranks[b]);
            assertThat(ranks[b]).isLessThan(ranks[c]);
        }

        @Test
        void aFewNewNamesDoNotRankAgainButAnEighthMoreDoAndAGivenRankingNeverChanges() {
            for (int i = 0; i < 80; i++) {
                pool.intern("name " + (1000 + i));
            }
            int[] ranked = pool.ranks(80);
            int[] copy = ranked.clone();
            for (int i = 0; i < 9; i++) {
                pool.intern("name " + (2000 + i));
            }

            assertThat(pool.ranks(89)).as("9 new names to 80 ranked: too few to rank again; the caller compares names")
                    .isSameAs(ranked).hasSize(80);

            pool.intern("name 0999");
            int[] again = pool.ranks(90);

            assertThat(again).hasSize(90);
            assertThat(again[89]).as("name 0999, the 90th name, sorts first").isZero();
            assertThat(ranked).isEqualTo(copy);
        }

        @Test
        void namesComingInAnyOrderOverManyRankingsAreRankedAsASortOfAllWouldRankThem() {
            // each ranking merges the new names into those ranked before: after dozens of them,
            // with new names falling before, between and after the old, the ranks are a full sort's
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            java.util.List<String> all = new java.util.ArrayList<>();
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 30; i++) {
                    String name = "[sig-" + (char) ('a' + random.nextInt(5)) + "] Suite" + random.nextInt(1000)
                            + " behaviour " + random.nextInt(100_000);
                    if (!all.contains(name)) {
                        all.add(name);
                    }
                    pool.intern(name);
                }
                int[] ranks = pool.ranks(pool.size());
                java.util.List<String> sorted = all.subList(0, ranks.length).stream().sorted().toList();
                for (int id = 0; id < ranks.length; id++) {
                    assertThat(sorted.get(ranks[id])).as("rank of name %d after round %d", id, round)
                            .isEqualTo(all.get(id));
                }
            }
        }
    }
}
