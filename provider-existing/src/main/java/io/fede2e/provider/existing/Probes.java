package io.fede2e.provider.existing;

import io.fede2e.redact.Redactor;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fede2e.provider.api.Capability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs the probes side by side, each in a namespace of its own labelled with the run id, each
 * bounded, each cleaning up after itself. A probe never fails Up: whatever goes wrong (no
 * permission, an API that is not served, a timeout) makes its capability absent, with the reason.
 */
final class Probes {

    private static final Logger LOG = LoggerFactory.getLogger(Probes.class);
    /** How long a probe's namespace may take to go after its probe; Down removes stragglers. */
    static final Duration CLEANUP_BOUND = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final ExistingOptions options;
    private final Clock clock;
    private final Redactor redactor;
    private final BooleanSupplier cancelled;

    Probes(KubernetesClient client, ExistingOptions options, Clock clock, Redactor redactor, BooleanSupplier cancelled) {
        this.client = client;
        this.options = options;
        this.clock = clock;
        this.redactor = redactor;
        this.cancelled = cancelled;
    }

    /** The probes this run asks for (the {@code probes} option; load-balancer only when asked). */
    static List<Probe> selected(ExistingOptions options) {
        List<Probe> all = List.of(new ContainerRuntimeProbe(), new DnsProbe(), new LoadBalancerProbe(),
                new PodNetworkProbe(), new RbacProbe());
        return all.stream().filter(p -> options.probes().contains(p.capability()))
                .sorted(Comparator.comparing(Probe::capability)).toList();
    }

    /** Runs {@code probes}; the outcomes come back sorted by capability. */
    List<ProbeOutcome> run(List<Probe> probes) throws InterruptedException {
        Map<Probe, FutureTask<ProbeOutcome>> tasks = new LinkedHashMap<>();
        for (Probe probe : probes) {
            FutureTask<ProbeOutcome> task = new FutureTask<>(() -> runOne(probe));
            Thread t = new Thread(task, "fede2e-probe-" + probe.capability().name());
            t.setDaemon(true);
            tasks.put(probe, task);
            t.start();
        }
        // Each probe watches its own bound; this outer one only guards against a call that hangs.
        Instant hardStop = clock.instant().plus(options.probeTimeout()).plus(CLEANUP_BOUND).plus(options.apiTimeout());
        List<ProbeOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<Probe, FutureTask<ProbeOutcome>> e : tasks.entrySet()) {
            Capability capability = e.getKey().capability();
            long waitMs = Math.max(1, Duration.between(clock.instant(), hardStop).toMillis());
            try {
                outcomes.add(e.getValue().get(waitMs, TimeUnit.MILLISECONDS));
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                outcomes.add(log(new ProbeOutcome(capability, false, "the probe hung past its bound of "
                        + options.probeTimeout().toSeconds() + "s and was stopped", options.probeTimeout())));
            } catch (ExecutionException ex) {
                outcomes.add(log(new ProbeOutcome(capability, false, "the probe broke: "
                        + redactor.oneLine(String.valueOf(ex.getCause())), Duration.ZERO)));
            } catch (InterruptedException ex) {
                tasks.values().forEach(t -> t.cancel(true));
                throw ex;
            }
        }
        outcomes.sort(Comparator.comparing(ProbeOutcome::capability));
        return List.copyOf(outcomes);
    }

    private ProbeOutcome runOne(Probe probe) {
        Instant start = clock.instant();
        Instant deadline = start.plus(options.probeTimeout());
        String name = probe.capability().name();
        String namespace = null;
        boolean present;
        String reason;
        try {
            namespace = createNamespace(name);
            reason = probe.run(new ProbeContext(client, namespace, options, clock, deadline, cancelled));
            present = true;
        } catch (Probe.Absent e) {
            present = false;
            reason = e.getMessage();
        } catch (KubernetesClientException e) {
            present = false;
            reason = whyNot(e, namespace == null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
            reason = "interrupted";
        } catch (RuntimeException e) {
            present = false;
            reason = "the probe failed: " + e.getClass().getSimpleName() + ": " + ApiCalls.firstLine(e.getMessage());
        } finally {
            if (namespace != null) {
                cleanUp(namespace);
            }
        }
        return log(new ProbeOutcome(probe.capability(), present, redactor.oneLine(reason),
                Duration.between(start, clock.instant())));
    }

    private String createNamespace(String probe) {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withGenerateName("fede2e-probe-" + probe + "-")
                .addToLabels(ExistingOptions.RUN_ID_LABEL, options.runId())
                .addToLabels("fede2e.io/probe", probe).endMetadata().build();
        return client.namespaces().resource(ns).create().getMetadata().getName();
    }

    private static String whyNot(KubernetesClientException e, boolean creatingNamespace) {
        int code = ApiCalls.status(e);
        String what = e.getFullResourceName() == null || e.getFullResourceName().isBlank() ? "a resource"
                : e.getFullResourceName();
        if (creatingNamespace && code == 403) {
            return "not permitted to create a namespace for the probe (HTTP 403); the credentials need to create"
                    + " namespaces";
        }
        return switch (code) {
            case 403 -> "not permitted to use " + what + " (HTTP 403: " + ApiCalls.serverMessage(e) + ")";
            case 404 -> "the cluster does not serve " + what + " (HTTP 404)";
            case 0 -> "the API call failed: " + ApiCalls.transportReason(e);
            default -> "the API answered HTTP " + code + " for " + what + ": " + ApiCalls.serverMessage(e);
        };
    }

    /** Asks for the namespace's removal and waits a little; stragglers are Down's job. */
    private void cleanUp(String namespace) {
        boolean interrupted = Thread.interrupted();
        try {
            client.namespaces().withName(namespace).delete();
            Instant until = clock.instant().plus(CLEANUP_BOUND);
            while (clock.instant().isBefore(until) && !cancelled.getAsBoolean()
                    && client.namespaces().withName(namespace).get() != null) {
                Thread.sleep(ProbeContext.POLL.toMillis());
            }
        } catch (KubernetesClientException e) {
            LOG.warn("probe namespace {} was not removed ({}); Down removes it", namespace,
                    redactor.oneLine(ProbeContext.describeFailure(e)));
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ProbeOutcome log(ProbeOutcome outcome) {
        LOG.info("probe {}: {} ({} ms)", outcome.capability(), outcome.verdict(), outcome.took().toMillis());
        return outcome;
    }
}
