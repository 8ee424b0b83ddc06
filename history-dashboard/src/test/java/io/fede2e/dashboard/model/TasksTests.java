package io.fede2e.dashboard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TasksTests {

    final ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "tasks-tests"));

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    static final List<Integer> ITEMS = IntStream.range(0, 10).boxed().toList();

    @Nested
    class InRuns {

        @Test
        void givesEachItemsResultInTheItemsOrderFromAtMostThatManyTasks() {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            Set<Long> runs = ConcurrentHashMap.newKeySet();
            List<Integer> out = Tasks.each(ITEMS, i -> {
                threads.add(Thread.currentThread().getName());
                // items 0-3, 4-7, 8-9 run in three tasks, each on one thread
                runs.add(Thread.currentThread().getId() * 100 + i / 4);
                return i * i;
            }, pool, 3);

            assertThat(out).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
            assertThat(threads).containsOnly("tasks-tests");
            assertThat(runs).hasSize(3);
        }

        @Test
        void moreTasksThanItemsIsATaskPerItemAndNoItemsIsNoResult() {
            assertThat(Tasks.each(List.of("a", "b"), String::toUpperCase, pool, 8)).containsExactly("A", "B");
            assertThat(Tasks.each(List.<String>of(), String::toUpperCase, pool, 2)).isEmpty();
        }

        @Test
        void theFirstFailingItemsOwnExceptionIsThrown() {
            assertThatThrownBy(() -> Tasks.each(ITEMS, i -> {
                if (i == 3 || i == 9) {
                    throw new IllegalStateException("item " + i);
                }
                return i;
            }, pool, 5)).isExactlyInstanceOf(IllegalStateException.class).hasMessage("item 3");
        }
    }

    @Nested
    class OnTheCallingThread {

        @Test
        void aDirectExecutorRunsEverythingHereInOrder() {
            List<String> out = Tasks.each(ITEMS, i -> Thread.currentThread().getName() + i, Runnable::run, 3);
            String here = Thread.currentThread().getName();
            assertThat(out).first().isEqualTo(here + 0);
            assertThat(out).last().isEqualTo(here + 9);
            assertThat(out).hasSize(10);
        }
    }
}
