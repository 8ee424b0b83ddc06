package io.fede2e.ginkgo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The specs of a binary, from its own listing: Ginkgo v1's dry run
 * ({@code --ginkgo.dryRun --ginkgo.v --ginkgo.noColor --ginkgo.focus=.*}; without a focus
 * Kubernetes leaves out the Flaky and Feature specs), Kubernetes' {@code --list-tests} for
 * Ginkgo v2, or v2's dry run where a binary has no {@code --list-tests}.
 *
 * @param description the suite's description, which Ginkgo puts before every name it matches
 *     the focus against
 * @param specs every spec, in the binary's order
 */
record SpecListing(String description, List<Spec> specs) {

    /** Kubernetes' suite description, for v2 listings that do not print one. */
    static final String KUBERNETES_SUITE = "Kubernetes e2e suite";
    static final long TIMEOUT_SECONDS = 120;

    private static final Pattern LIST_TESTS_LINE = Pattern.compile("^\\s+(\\S+:\\d+): (.*)$");
    private static final String LIST_TESTS_HEADER = "The following spec names can be used with";
    private static final Map<String, SpecListing> CACHE = new ConcurrentHashMap<>();

    SpecListing {
        specs = List.copyOf(specs);
    }

    /**
     * The listing of {@code binary}, read once per file content and JVM (the runner discovers
     * several times in one run: parallel and serial phases, retries) and, with a {@code cacheDir},
     * once per file content: a listing costs a process start and about 1 s of CPU, which a short
     * focused run would otherwise pay every time.
     */
    static SpecListing of(GinkgoBinary binary, Optional<Path> cacheDir) {
        return CACHE.computeIfAbsent(binary.cacheKey(), k -> cacheDir.flatMap(d -> ListingCache.read(d, k))
                .orElseGet(() -> {
                    SpecListing l = read(binary);
                    cacheDir.ifPresent(d -> ListingCache.write(d, k, l));
                    return l;
                }));
    }

    private static SpecListing read(GinkgoBinary binary) {
        if (binary.version() == GinkgoVersion.V2) {
            Output out = run(binary, List.of("--list-tests"));
            SpecListing l = parseListTests(out.lines());
            if (out.exit() == 0 && l != null) {
                return l;
            }
            return fromDryRun(binary, List.of("--ginkgo.dry-run", "--ginkgo.v", "--ginkgo.no-color"));
        }
        return fromDryRun(binary, List.of("--ginkgo.dryRun", "--ginkgo.v", "--ginkgo.noColor", "--ginkgo.focus=.*"));
    }

    private static SpecListing fromDryRun(GinkgoBinary binary, List<String> args) {
        Output out = run(binary, args);
        List<Spec> specs = new ArrayList<>();
        String[] description = {null};
        VerboseParser parser = new VerboseParser(new VerboseParser.Events() {
            @Override
            public void suite(String d) {
                description[0] = d;
            }

            @Override
            public void started(String name, String location) {
                specs.add(new Spec(name, location));
            }

            @Override
            public void ended(VerboseParser.Outcome outcome, String message, String details) {
            }
        });
        out.lines().forEach(parser::accept);
        parser.finish();
        if (out.exit() != 0 || description[0] == null) {
            throw new GinkgoException("--e2e-binary " + binary.path() + ": its Ginkgo " + binary.version()
                    + " listing (" + String.join(" ", args) + ") " + (out.exit() != 0 ? "exited with code "
                    + out.exit() : "printed no 'Running Suite:' header") + lastLine(out.lines())
                    + "; expected an upstream Kubernetes e2e.test");
        }
        return new SpecListing(description[0], specs);
    }

    /** Kubernetes' {@code --list-tests}: a header, then {@code <indent>file.go:123: <name>} lines. */
    static SpecListing parseListTests(List<String> lines) {
        boolean header = false;
        List<Spec> specs = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(LIST_TESTS_HEADER)) {
                header = true;
                continue;
            }
            Matcher m = LIST_TESTS_LINE.matcher(line);
            if (header && m.matches()) {
                specs.add(new Spec(m.group(2), m.group(1)));
            }
        }
        return header ? new SpecListing(KUBERNETES_SUITE, specs) : null;
    }

    private static String lastLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                String l = lines.get(i).strip();
                return ": '" + (l.length() > 200 ? l.substring(0, 200) + "..." : l) + "'";
            }
        }
        return "";
    }

    private record Output(int exit, List<String> lines) {
    }

    private static Output run(GinkgoBinary binary, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.path().toString());
        command.addAll(args);
        Path dir;
        try {
            dir = Files.createTempDirectory("fede2e-ginkgo-list");
        } catch (IOException e) {
            throw new GinkgoException("cannot create a temporary directory to list " + binary.path() + ": "
                    + e.getMessage(), e);
        }
        Process p = Processes.start(command, dir);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fede2e-ginkgo-list-timeout");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(() -> {
            timedOut.set(true);
            Processes.kill(p);
        }, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
            int exit = p.waitFor();
            if (timedOut.get()) {
                throw new GinkgoException("--e2e-binary " + binary.path() + ": its listing did not end within "
                        + TIMEOUT_SECONDS + " s; expected an upstream Kubernetes e2e.test");
            }
            return new Output(exit, lines);
        } catch (IOException e) {
            throw new GinkgoException("cannot read the listing of " + binary.path() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Processes.kill(p);
            Thread.currentThread().interrupt();
            throw new GinkgoException("listing " + binary.path() + " was interrupted", e);
        } finally {
            timer.shutdownNow();
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            Deque<Path> all = new ArrayDeque<>();
            walk.forEach(all::push);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover empty temporary directory harms nothing.
        }
    }
}
