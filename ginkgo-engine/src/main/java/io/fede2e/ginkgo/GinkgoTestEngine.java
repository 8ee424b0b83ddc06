package io.fede2e.ginkgo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * A JUnit Platform engine for the specs of an upstream Ginkgo e2e binary ({@code e2e.test}), so
 * that the Launcher lists and runs them like Jupiter tests: one test per spec, named exactly as
 * upstream names it, tagged with the texts of its brackets.
 *
 * <p>It discovers only when the configuration parameter {@code fede2e.ginkgo.binary} names a
 * binary; unique-id selectors of this engine (a retry) narrow the specs to those. Execution: the
 * specs that may run concurrently first, in {@code fede2e.ginkgo.parallel} processes at once,
 * then the Serial and Disruptive ones in one process, never a process per spec.
 */
public final class GinkgoTestEngine implements TestEngine {

    /** The engine id, the first segment of every unique id. */
    public static final String ID = "ginkgo";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        GinkgoEngineDescriptor engine = new GinkgoEngineDescriptor(uniqueId);
        Optional<Path> path = Settings.binary(request.getConfigurationParameters());
        if (path.isEmpty()) {
            return engine;
        }
        List<UniqueIdSelector> ids = request.getSelectorsByType(UniqueIdSelector.class);
        Set<UniqueId> wanted = new HashSet<>();
        boolean narrowed = !ids.isEmpty();
        for (UniqueIdSelector s : ids) {
            if (s.getUniqueId().hasPrefix(uniqueId) && !s.getUniqueId().equals(uniqueId)) {
                wanted.add(s.getUniqueId());
            } else if (s.getUniqueId().equals(uniqueId)) {
                narrowed = false;
            }
        }
        if (narrowed && wanted.isEmpty()) {
            return engine;
        }
        Optional<Path> cache = Settings.listingCache(request.getConfigurationParameters());
        GinkgoBinary binary = GinkgoBinary.open(path.get(), cache);
        SpecListing listing = SpecListing.of(binary, cache);
        engine.binary = binary;
        engine.listing = listing;
        Map<String, Integer> seen = new HashMap<>();
        for (Spec spec : listing.specs()) {
            // Ginkgo allows two specs of one name; the second gets its own id, the same focus selects both.
            int n = seen.merge(spec.name(), 1, Integer::sum);
            UniqueId id = uniqueId.append(SpecDescriptor.SEGMENT, n == 1 ? spec.name() : spec.name() + "#" + n);
            if (!narrowed || wanted.contains(id)) {
                engine.addChild(new SpecDescriptor(id, spec));
            }
        }
        return engine;
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        EngineExecutionListener listener = request.getEngineExecutionListener();
        listener.executionStarted(root);
        if (!(root instanceof GinkgoEngineDescriptor engine) || engine.binary == null || root.getChildren().isEmpty()) {
            listener.executionFinished(root, TestExecutionResult.successful());
            return;
        }
        Settings settings = Settings.from(request.getConfigurationParameters());
        Path upstream = upstreamDirectory(settings);
        AtomicInteger batches = new AtomicInteger();
        List<SpecDescriptor> parallel = new ArrayList<>();
        List<SpecDescriptor> serial = new ArrayList<>();
        for (TestDescriptor d : List.copyOf(root.getChildren())) {
            if (d instanceof SpecDescriptor s) {
                (s.serial() ? serial : parallel).add(s);
            }
        }
        try {
            runLanes(lanes(parallel, settings.parallel()), engine, settings, upstream, request, batches);
            runLanes(serial.isEmpty() ? List.of() : List.of(serial), engine, settings, upstream, request, batches);
            listener.executionFinished(root, TestExecutionResult.successful());
        } catch (RuntimeException e) {
            listener.executionFinished(root, TestExecutionResult.failed(e));
        }
    }

    /** Splits specs round-robin into at most {@code n} lanes, each run by its own processes. */
    static <T> List<List<T>> lanes(List<T> specs, int n) {
        int count = Math.min(n, specs.size());
        List<List<T>> lanes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < specs.size(); i++) {
            lanes.get(i % count).add(specs.get(i));
        }
        return lanes;
    }

    private static void runLanes(List<List<SpecDescriptor>> lanes, GinkgoEngineDescriptor engine, Settings settings,
                                 Path upstream, ExecutionRequest request, AtomicInteger batches) {
        if (lanes.isEmpty()) {
            return;
        }
        BatchRunner runner = new BatchRunner(engine.binary, engine.listing, settings, upstream,
                request.getEngineExecutionListener(), request.getCancellationToken(), engine,
                batches::incrementAndGet, System::nanoTime);
        if (lanes.size() == 1) {
            runner.run(lanes.get(0));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(lanes.size(), r -> {
            Thread t = new Thread(r, "fede2e-ginkgo-lane");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<SpecDescriptor> lane : lanes) {
                futures.add(pool.submit(() -> runner.run(lane)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    // The run is being stopped: the lanes see it through their own interruption.
                    pool.shutdownNow();
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Path upstreamDirectory(Settings settings) {
        try {
            Path dir = settings.artifacts() != null ? settings.artifacts().resolve("upstream")
                    : Files.createTempDirectory("fede2e-upstream");
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upstream artifacts directory: " + e.getMessage(), e);
        }
    }

    /** The engine's root, holding the binary it discovered. */
    static final class GinkgoEngineDescriptor extends EngineDescriptor {

        GinkgoBinary binary;
        SpecListing listing;

        GinkgoEngineDescriptor(UniqueId id) {
            super(id, "Ginkgo e2e binary");
        }
    }
}
