package io.fede2e.provider.existing;

import io.fede2e.redact.Redactor;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fede2e.provider.api.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Down: the cluster stays; what this run created goes. That is every namespace carrying the
 * run's label, whoever created it (the probes, the e2e tests), and nothing else.
 */
final class ExistingDown {

    private static final Logger LOG = LoggerFactory.getLogger(ExistingDown.class);

    private final KubernetesClient client;
    private final ExistingOptions options;
    private final String context;
    private final Optional<String> kubeconfigFlag;
    private final Clock clock;
    private final Redactor redactor;

    ExistingDown(KubernetesClient client, ExistingOptions options, String context, Optional<String> kubeconfigFlag,
            Clock clock, Redactor redactor) {
        this.client = client;
        this.options = options;
        this.context = context;
        this.kubeconfigFlag = kubeconfigFlag;
        this.clock = clock;
        this.redactor = redactor;
    }

    /** The command that removes this run's namespaces by hand. */
    static String removalCommand(String runId, String context, Optional<String> kubeconfig) {
        StringBuilder sb = new StringBuilder("kubectl delete namespace -l ")
                .append(shellQuote(ExistingOptions.RUN_ID_LABEL + "=" + runId))
                .append(" --context ").append(shellQuote(context));
        kubeconfig.ifPresent(k -> sb.append(" --kubeconfig ").append(shellQuote(k)));
        return sb.toString();
    }

    /** Removes the run's namespaces and waits until they are gone; returns how many there were. */
    int run() throws InterruptedException {
        String command = removalCommand(options.runId(), context, kubeconfigFlag);
        if (options.keep()) {
            List<String> kept = names();
            LOG.info("keeping {} namespace(s) of run {} ({}); remove them with: {}", kept.size(), options.runId(),
                    String.join(", ", kept), command);
            return 0;
        }
        List<String> names = names();
        if (names.isEmpty()) {
            return 0;
        }
        for (String name : names) {
            try {
                client.namespaces().withName(name).delete();
            } catch (KubernetesClientException e) {
                if (ApiCalls.status(e) != 404) {
                    throw failure("cannot delete namespace " + name + " of run " + options.runId() + " ("
                            + ProbeContext.describeFailure(e) + ")", command);
                }
            }
        }
        Instant until = clock.instant().plus(options.downTimeout());
        List<String> left = names();
        while (!left.isEmpty() && clock.instant().isBefore(until)) {
            Thread.sleep(ProbeContext.POLL.toMillis() * 2);
            left = names();
        }
        if (!left.isEmpty()) {
            throw failure(left.size() + " namespace(s) of run " + options.runId() + " still there after "
                    + options.downTimeout().toSeconds() + "s (" + String.join(", ", left) + ")", command);
        }
        LOG.info("removed {} namespace(s) of run {}", names.size(), options.runId());
        return names.size();
    }

    private List<String> names() {
        try {
            return client.namespaces().withLabel(ExistingOptions.RUN_ID_LABEL, options.runId()).list().getItems().stream()
                    .map(Namespace::getMetadata).map(m -> m.getName()).sorted().toList();
        } catch (KubernetesClientException e) {
            throw failure("cannot list the namespaces of run " + options.runId() + " ("
                    + ProbeContext.describeFailure(e) + ")", removalCommand(options.runId(), context, kubeconfigFlag));
        }
    }

    private ProviderException failure(String what, String command) {
        return new ProviderException(redactor.oneLine(what + "; remove them later with: " + command));
    }

    static String shellQuote(String s) {
        if (s.matches("[A-Za-z0-9._/=:@%+,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
