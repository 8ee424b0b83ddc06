package io.fede2e.e2e.fakes;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs test classes or a package through the JUnit Platform Launcher and records what happened. */
public final class SuiteRun implements TestExecutionListener {

    /** What happened to one test. */
    public record Outcome(String displayName, String className, java.util.Set<String> tags, String status,
            String message, String skipReason, Map<String, String> entries, String stdout, java.time.Duration time) {
    }

    private final Map<String, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    private static String className(TestIdentifier id) {
        return id.getSource().filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(s -> ((org.junit.platform.engine.support.descriptor.MethodSource) s).getClassName()).orElse("");
    }

    private static java.util.Set<String> tags(TestIdentifier id) {
        return id.getTags().stream().map(org.junit.platform.engine.TestTag::getName)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Map<String, String>> entries = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, StringBuilder> stdout = new java.util.concurrent.ConcurrentHashMap<>();

    public static List<Outcome> classes(Map<String, String> config, Class<?>... classes) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Class<?> c : classes) {
            selectors.add(selectClass(c));
        }
        return run(config, selectors);
    }

    public static List<Outcome> packageOf(Map<String, String> config, String packageName) {
        return packageOf(config, packageName, java.util.Set.of());
    }

    /** Runs a package, leaving out the tests whose display names are in {@code excluded}. */
    public static List<Outcome> packageOf(Map<String, String> config, String packageName,
            java.util.Set<String> excluded) {
        return run(config, List.of(selectPackage(packageName)), excluded);
    }

    /** The display names of the tests in a package, found without running them. */
    public static List<String> discover(String packageName) {
        var plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(packageName)).build());
        List<String> names = new ArrayList<>();
        plan.getRoots().forEach(root -> plan.getDescendants(root).stream().filter(TestIdentifier::isTest)
                .forEach(t -> names.add(t.getDisplayName())));
        return names;
    }

    private static List<Outcome> run(Map<String, String> config, List<DiscoverySelector> selectors) {
        return run(config, selectors, java.util.Set.of());
    }

    private static List<Outcome> run(Map<String, String> config, List<DiscoverySelector> selectors,
            java.util.Set<String> excluded) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .filters((org.junit.platform.launcher.PostDiscoveryFilter) descriptor ->
                        org.junit.platform.engine.FilterResult.includedIf(!excluded.contains(descriptor.getDisplayName())))
                .configurationParameters(config)
                .configurationParameter("junit.platform.output.capture.stdout", "true")
                .configurationParameter(FixtureGate.KEY, "true")
                .build();
        SuiteRun listener = new SuiteRun();
        LauncherFactory.create().execute(request, listener);
        return List.copyOf(listener.outcomes);
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((k, v) -> {
            if (k.equals("stdout")) {
                stdout.computeIfAbsent(id.getUniqueId(), x -> new StringBuilder()).append(v);
            } else {
                entries.computeIfAbsent(id.getUniqueId(), x -> new java.util.TreeMap<>()).put(k, v);
            }
        });
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            outcomes.add(new Outcome(id.getDisplayName(), className(id), tags(id), "SKIPPED", null, reason, Map.of(), "",
                    java.time.Duration.ZERO));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            return;
        }
        Optional<Throwable> t = result.getThrowable();
        long start = started.getOrDefault(id.getUniqueId(), System.nanoTime());
        outcomes.add(new Outcome(id.getDisplayName(), className(id), tags(id), result.getStatus().name(),
                t.map(Throwable::getMessage).orElse(null), null,
                Map.copyOf(entries.getOrDefault(id.getUniqueId(), Map.of())),
                stdout.getOrDefault(id.getUniqueId(), new StringBuilder()).toString(),
                java.time.Duration.ofNanos(System.nanoTime() - start)));
    }
}
