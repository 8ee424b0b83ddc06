package io.fede2e.runner.suite;

import io.fede2e.redact.Redactor;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.fede2e.layout.junit.TestCase;
import io.fede2e.runner.Phases;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.platform.commons.JUnitException;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a suite in this process through the JUnit Platform Launcher: tests that may run
 * concurrently first (with {@code --parallel N} threads), then Serial and Disruptive tests alone,
 * then retries of the failed ones up to {@code --flake-attempts}.
 */
public final class SuiteRunner {

    private final SuiteConfig config;
    private final Redactor redactor;

    /** A runner of {@code config} whose outputs pass through {@code redactor}. */
    public SuiteRunner(SuiteConfig config, Redactor redactor) {
        this.config = config;
        this.redactor = redactor;
    }

    /** The tests the selection chooses, sorted by name, without running anything. */
    public List<SelectedTest> list() {
        return withLoader(() -> {
            Launcher launcher = LauncherFactory.create();
            List<SelectedTest> all = new ArrayList<>();
            all.addAll(selected(discover(launcher, request(SelectionFilter.Phase.ALL, false))));
            all.sort(Comparator.comparing(SelectedTest::name).thenComparing(SelectedTest::uniqueId));
            if (config.selection().mode().filter(m -> m == Mode.QUICK).isPresent()) {
                return all.stream().filter(t -> !t.serial()).limit(1).toList();
            }
            return List.copyOf(all);
        });
    }

    /** Runs the selected tests and returns every execution; {@code control} may stop it early. */
    public SuiteResult run(ProgressSink progress, SuiteControl control) {
        return withLoader(() -> {
            ScheduledExecutorService timer = null;
            if (config.suiteTimeout() != null) {
                timer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "fede2e-suite-timeout");
                    t.setDaemon(true);
                    return t;
                });
                Duration d = config.suiteTimeout();
                timer.schedule(() -> control.interrupt("suite timeout of " + format(d) + " reached"),
                        d.toMillis(), TimeUnit.MILLISECONDS);
            }
            try {
                return execute(progress, control);
            } finally {
                if (timer != null) {
                    timer.shutdownNow();
                }
            }
        });
    }

    private SuiteResult execute(ProgressSink progress, SuiteControl control) {
        Launcher launcher = LauncherFactory.create();
        List<TestPlan> plans = new ArrayList<>();
        if (config.selection().mode().filter(m -> m == Mode.QUICK).isPresent()) {
            List<SelectedTest> one = list();
            if (!one.isEmpty()) {
                plans.add(discover(launcher, byIds(List.of(one.get(0).uniqueId()))));
            }
        } else if (config.parallel() > 1) {
            plans.add(discover(launcher, request(SelectionFilter.Phase.PARALLEL, true)));
            plans.add(discover(launcher, request(SelectionFilter.Phase.SERIAL, false)));
        } else {
            // One test at a time: every test already runs alone, so one discovery and one execution do.
            plans.add(discover(launcher, request(SelectionFilter.Phase.ALL, false)));
        }
        // Dynamic tests (@TestFactory) are not in a plan until they run: the Collector adds them.
        AtomicInteger total = new AtomicInteger(
                plans.stream().mapToInt(p -> (int) p.countTestIdentifiers(TestIdentifier::isTest)).sum());
        Phases.mark("tests discovered");
        progress.planned(total.get());
        Runnable dynamicTest = () -> progress.planned(total.incrementAndGet());
        List<TestCase> executions = new ArrayList<>();
        List<TestPlan> executed = new ArrayList<>();
        for (TestPlan plan : plans) {
            // Not "no tests": a plan of test factories has none until it runs.
            if (nothingDiscovered(plan) || control.interruption().isPresent()) {
                continue;
            }
            executed.add(plan);
            executions.addAll(executeOnce(launcher, plan, progress, dynamicTest, control, 1));
        }
        notRun(plans, executions, control);
        for (int attempt = 2; attempt <= config.flakeAttempts() && control.interruption().isEmpty(); attempt++) {
            SuiteResult sofar = new SuiteResult(executions, Optional.empty());
            if (sofar.failed().isEmpty()) {
                break;
            }
            // Names are mapped back to ids only when something is retried: it costs a name per test.
            Map<String, String> idsByName = idsByName(executed);
            Set<String> retry = new LinkedHashSet<>();
            for (String name : sofar.failed()) {
                String id = idsByName.get(name);
                if (id != null) {
                    retry.add(id);
                }
            }
            if (retry.isEmpty()) {
                break;
            }
            progress.planned(total.addAndGet(retry.size()));
            TestPlan plan = discover(launcher, byIds(List.copyOf(retry)));
            executed.add(plan);
            executions.addAll(executeOnce(launcher, plan, progress, () -> { }, control, attempt));
        }
        return new SuiteResult(executions, control.interruption());
    }

    /** Tests an interruption kept from running are reported skipped with the reason, never silently dropped. */
    private void notRun(List<TestPlan> plans, List<TestCase> executions, SuiteControl control) {
        if (control.interruption().isEmpty()) {
            return;
        }
        Set<String> ran = new java.util.HashSet<>();
        executions.forEach(c -> ran.add(c.name()));
        for (TestPlan plan : plans) {
            for (TestIdentifier root : plan.getRoots()) {
                for (TestIdentifier t : plan.getDescendants(root)) {
                    String name = redactor.redact(TestNames.of(plan, t));
                    if (t.isTest() && ran.add(name)) {
                        String className = t.getSource().map(s -> s instanceof MethodSource m ? m.getClassName() : "")
                                .orElse("");
                        executions.add(new TestCase(name, className, 0, io.fede2e.layout.junit.TestStatus.SKIPPED,
                                "not run: " + control.interruption().get(), "", "", "", "", Map.of()));
                    }
                }
            }
        }
    }

    /**
     * Discovers; an engine that cannot discover (the Ginkgo engine given a file that is no e2e
     * binary) is a usage error whose one-line reason is the engine's own message.
     */
    private static TestPlan discover(Launcher launcher, LauncherDiscoveryRequest request) {
        try {
            return launcher.discover(request);
        } catch (JUnitException e) {
            Throwable cause = e.getCause();
            if (cause != null && cause.getMessage() != null && e.getMessage() != null
                    && e.getMessage().contains("failed to discover tests")) {
                throw new IllegalArgumentException(cause.getMessage(), cause);
            }
            throw e;
        }
    }

    private static boolean nothingDiscovered(TestPlan plan) {
        return plan.getRoots().stream().allMatch(engine -> plan.getChildren(engine).isEmpty());
    }

    private List<TestCase> executeOnce(Launcher launcher, TestPlan plan, ProgressSink progress, Runnable dynamicTest,
                                       SuiteControl control, int attempt) {
        Collector collector = new Collector(control, progress, dynamicTest, redactor, attempt);
        launcher.execute(LauncherExecutionRequestBuilder.request(plan).listeners(collector)
                .cancellationToken(control.token()).build());
        return collector.cases();
    }

    /**
     * The unique id of each test name of {@code plans}, the first one winning; read after the
     * plans ran, so dynamic tests, which get their names only while running, are mapped too.
     */
    private Map<String, String> idsByName(List<TestPlan> plans) {
        Map<String, String> idsByName = new HashMap<>();
        for (TestPlan plan : plans) {
            for (TestIdentifier root : plan.getRoots()) {
                for (TestIdentifier t : plan.getDescendants(root)) {
                    if (t.isTest() || t.getSource().filter(MethodSource.class::isInstance).isPresent()) {
                        idsByName.putIfAbsent(redactor.redact(TestNames.of(plan, t)), t.getUniqueId());
                    }
                }
            }
        }
        return idsByName;
    }

    private List<SelectedTest> selected(TestPlan plan) {
        List<SelectedTest> out = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier t : plan.getDescendants(root)) {
                boolean methodLevel = t.getSource().filter(MethodSource.class::isInstance).isPresent();
                boolean hasMethodChildren = plan.getChildren(t).stream()
                        .anyMatch(c -> c.getSource().filter(MethodSource.class::isInstance).isPresent());
                if (!(t.isTest() || methodLevel) || hasMethodChildren) {
                    continue;
                }
                String name = TestNames.of(plan, t);
                Set<String> tags = TestNames.tagNames(t.getTags());
                String className = t.getSource().map(s -> s instanceof MethodSource m ? m.getClassName()
                        : s instanceof ClassSource c ? c.getClassName() : "").orElse("");
                String method = t.getSource().map(s -> s instanceof MethodSource m ? m.getMethodName() : "").orElse("");
                out.add(new SelectedTest(t.getUniqueId(), name, className, method, tags, TestNames.isSerial(tags, name)));
            }
        }
        return out;
    }

    private LauncherDiscoveryRequest request(SelectionFilter.Phase phase, boolean parallel) {
        List<Filter<?>> filters = new ArrayList<>();
        Optional<String> tags = config.selection().tagExpression();
        if (tags.isPresent()) {
            try {
                filters.add(TagFilter.includeTags(tags.get()));
            } catch (PreconditionViolationException e) {
                throw new IllegalArgumentException("--label-filter '" + config.selection().labelFilter().orElse("")
                        + "' is not a valid tag expression (" + e.getMessage()
                        + "); use JUnit tag expressions such as 'Conformance & !Slow'");
            }
        }
        // The filter computes every test's full name; with nothing to choose by name it is skipped.
        if (phase != SelectionFilter.Phase.ALL || !config.selection().keepsEveryName()) {
            filters.add(new SelectionFilter(config.selection(), phase));
        }
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors())
                .filters(filters.toArray(Filter<?>[]::new))
                .configurationParameters(parameters(parallel))
                .build();
    }

    private LauncherDiscoveryRequest byIds(List<String> uniqueIds) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String id : uniqueIds) {
            selectors.add(selectUniqueId(id));
        }
        return LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameters(parameters(false)).build();
    }

    private List<DiscoverySelector> selectors() {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String p : config.packages()) {
            selectors.add(selectPackage(p));
        }
        if (!config.suiteJars().isEmpty()) {
            selectors.addAll(selectClasspathRoots(new LinkedHashSet<>(config.suiteJars())));
        }
        return selectors;
    }

    private Map<String, String> parameters(boolean parallel) {
        Map<String, String> p = new HashMap<>(config.parameters());
        p.put("junit.platform.output.capture.stdout", "true");
        p.put("junit.platform.output.capture.stderr", "true");
        if (config.testTimeout() != null) {
            String t = config.testTimeout().toMillis() + " ms";
            p.put("junit.jupiter.execution.timeout.testable.method.default", t);
            p.put("junit.jupiter.execution.timeout.testtemplate.method.default", t);
            p.put("junit.jupiter.execution.timeout.testfactory.method.default", t);
        }
        if (config.e2eBinary() != null) {
            // The ginkgo-engine's parameters: it runs N processes of e2e.test where Jupiter runs N threads.
            p.put("fede2e.ginkgo.binary", config.e2eBinary().toString());
            p.put("fede2e.ginkgo.parallel", Integer.toString(parallel ? config.parallel() : 1));
            if (config.testTimeout() != null) {
                p.put("fede2e.ginkgo.testTimeoutMillis", Long.toString(config.testTimeout().toMillis()));
            }
        }
        p.put("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel));
        if (parallel) {
            p.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
            p.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
            p.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
            p.put("junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(config.parallel()));
            p.put("junit.jupiter.execution.parallel.config.fixed.max-pool-size", Integer.toString(config.parallel()));
        }
        return p;
    }

    private <T> T withLoader(Supplier<T> body) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        URLClassLoader loader = null;
        try {
            if (!config.suiteJars().isEmpty()) {
                List<URL> urls = new ArrayList<>();
                for (Path jar : config.suiteJars()) {
                    if (!Files.isRegularFile(jar) && !Files.isDirectory(jar)) {
                        throw new IllegalArgumentException("--suite-jar " + jar
                                + " does not exist; give the path of a JUnit 5 test jar");
                    }
                    urls.add(jar.toUri().toURL());
                }
                ClassLoader parent = previous != null ? previous : SuiteRunner.class.getClassLoader();
                loader = new URLClassLoader(urls.toArray(URL[]::new), parent);
                current.setContextClassLoader(loader);
            }
            return body.get();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("--suite-jar: " + e.getMessage(), e);
        } finally {
            current.setContextClassLoader(previous);
            if (loader != null) {
                try {
                    loader.close();
                } catch (IOException e) {
                    // Closing only releases file handles; nothing to report to the user.
                }
            }
        }
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
