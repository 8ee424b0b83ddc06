package io.fede2e.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fede2e.provider.api.Capability;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link E2eTest}: it skips tests whose {@link RequiresCapability}
 * the provider lacks, gives each test a fresh namespace and the cluster's client, prints the
 * namespace's events, pod statuses and container logs when the test fails, and deletes the namespace
 * afterwards, waiting for the deletion with a bound.
 *
 * <p>It reads the configuration parameters {@code fede2e.kubeconfig}, {@code fede2e.capabilities},
 * {@code fede2e.artifacts}, {@code fede2e.provider}, {@code fede2e.runId},
 * {@code fede2e.density.podsPerNode}, {@code fede2e.namespaceDeleteTimeout} and {@code fede2e.dnsDomain}.
 * Safe for tests running in parallel.
 */
public final class E2eExtension implements ExecutionCondition, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(E2eExtension.class);
    private static final NamespaceNames NAMES = new NamespaceNames(new SecureRandom());

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Set<String> required = requiredCapabilities(context);
        if (required.isEmpty()) {
            return ConditionEvaluationResult.enabled("requires no capability");
        }
        E2eSettings settings = settings(context);
        Set<String> offered = settings.capabilities().stream().map(Capability::name).collect(Collectors.toSet());
        List<String> missing = required.stream().filter(c -> !offered.contains(c)).toList();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("provider offers " + String.join(", ", required));
        }
        return ConditionEvaluationResult.disabled(skipReason(missing, settings.provider().orElse(null)));
    }

    /** {@code requires capability dns, which provider hollow does not offer}. */
    static String skipReason(List<String> missing, String provider) {
        String who = provider == null ? "the provider" : "provider " + provider;
        return (missing.size() == 1 ? "requires capability " : "requires capabilities ")
                + String.join(", ", missing) + ", which " + who + " does not offer";
    }

    /** The report entry naming namespaces still there after the bound of fede2e.namespaceDeleteTimeout. */
    public static final String SLOW_DELETION_ENTRY = "fede2e.slow-namespace-deletion";

    @Override
    public void beforeEach(ExtensionContext context) {
        E2eSettings settings = settings(context);
        Path kubeconfig = settings.kubeconfig();
        KubernetesClient client = context.getRoot().getStore(STORE)
                .computeIfAbsent("client:" + kubeconfig.toAbsolutePath(), k -> new SharedClient(kubeconfig),
                        SharedClient.class).client;
        boolean privileged = context.getElement().map(e -> e.isAnnotationPresent(PrivilegedPods.class)).orElse(false)
                || context.getTestClass().map(c -> c.isAnnotationPresent(PrivilegedPods.class)).orElse(false);
        DefaultE2eContext e2e = new DefaultE2eContext(client, settings, NAMES, context.getDisplayName(),
                Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), context::publishReportEntry, privileged);
        // Stored before the namespace exists, so afterEach cleans up whatever open() managed to create.
        context.getStore(STORE).put(DefaultE2eContext.class, e2e);
        e2e.open(NamespaceNames.shortName(context.getRequiredTestClass()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        DefaultE2eContext e2e = context.getStore(STORE).remove(DefaultE2eContext.class, DefaultE2eContext.class);
        if (e2e == null) {
            return;
        }
        E2eSettings settings = settings(context);
        if (context.getExecutionException().isPresent()) {
            boolean logs = settings.capabilities().contains(Capability.CONTAINER_RUNTIME);
            StringBuilder report = new StringBuilder();
            for (String ns : e2e.namespaces()) {
                report.append(Diagnostics.report(e2e.client(), ns, logs));
            }
            // The runner captures System.out into the testcase's system-out.
            System.out.print(report);
            System.out.flush();
        }
        DefaultE2eContext.Cleanup cleanup = e2e.cleanUp(settings.namespaceDeleteTimeout());
        if (!cleanup.slowDeletions().isEmpty()) {
            // Reported, not failed: on a busy cluster a namespace may take minutes to finalize.
            String slow = "slow namespace deletion: " + String.join("; ", cleanup.slowDeletions());
            context.publishReportEntry(SLOW_DELETION_ENTRY, slow);
            System.out.println(slow);
            System.out.flush();
        }
        if (!cleanup.problems().isEmpty()) {
            throw new AssertionError("cleanup after the test failed: " + String.join("; ", cleanup.problems()));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == E2eContext.class || type == KubernetesClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        DefaultE2eContext e2e = context.getStore(STORE).get(DefaultE2eContext.class, DefaultE2eContext.class);
        if (e2e == null || e2e.namespace() == null) {
            throw new ParameterResolutionException("no e2e context for " + context.getDisplayName()
                    + ": E2eContext and KubernetesClient can be injected only into @E2eTest methods and their"
                    + " @BeforeEach/@AfterEach methods");
        }
        return parameter.getParameter().getType() == E2eContext.class ? e2e : e2e.client();
    }

    private static E2eSettings settings(ExtensionContext context) {
        return new E2eSettings(context::getConfigurationParameter);
    }

    private static Set<String> requiredCapabilities(ExtensionContext context) {
        List<AnnotatedElement> elements = new ArrayList<>();
        context.getElement().ifPresent(elements::add);
        context.getTestClass().ifPresent(c -> {
            for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
                elements.add(k);
            }
        });
        Set<String> required = new TreeSet<>();
        for (AnnotatedElement e : elements) {
            for (RequiresCapability r : AnnotationSupport.findRepeatableAnnotations(e, RequiresCapability.class)) {
                required.addAll(List.of(r.value()));
            }
        }
        return required;
    }

    /** One client per kubeconfig for the whole run; JUnit closes it when the run ends. */
    static final class SharedClient implements AutoCloseable {
        final KubernetesClient client;

        SharedClient(Path kubeconfig) {
            Config config = Config.fromKubeconfig(kubeconfig.toFile());
            this.client = new KubernetesClientBuilder().withConfig(config).build();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
