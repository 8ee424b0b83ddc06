package io.fede2e.dashboard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Work spread on an executor: results in the order asked for, a task's failure thrown as it was. */
public final class Tasks {

    private Tasks() {
    }

    /** The future's value, or its task's own exception (not wrapped in a CompletionException). */
    public static <R> R join(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Runs {@code f} on each item on {@code executor} in at most {@code tasks} tasks, each a
     * run of consecutive items; the results in the items' order, the first failure thrown.
     */
    static <T, R> List<R> each(List<T> items, Function<T, R> f, Executor executor, int tasks) {
        int per = Math.max(1, (items.size() + tasks - 1) / Math.max(1, tasks));
        List<List<T>> runs = new ArrayList<>();
        for (int from = 0; from < items.size(); from += per) {
            runs.add(items.subList(from, Math.min(items.size(), from + per)));
        }
        List<R> out = new ArrayList<>(items.size());
        for (List<R> run : each(runs, run -> {
            List<R> results = new ArrayList<>(run.size());
            for (T item : run) {
                results.add(f.apply(item));
            }
            return results;
        }, executor)) {
            out.addAll(run);
        }
        return out;
    }

    /** Runs {@code f} on each item on {@code executor}; the results in the items' order, the first failure thrown. */
    public static <T, R> List<R> each(List<T> items, Function<T, R> f, Executor executor) {
        List<CompletableFuture<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(CompletableFuture.supplyAsync(() -> f.apply(item), executor));
        }
        List<R> out = new ArrayList<>(items.size());
        for (CompletableFuture<R> future : futures) {
            out.add(join(future));
        }
        return out;
    }
}
