package io.fede2e.provider.existing;

import io.fede2e.redact.Redactor;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fede2e.provider.api.ProviderException;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Connecting to the cluster, bounding calls, and turning client failures into one-line reasons. */
final class ApiCalls {

    private ApiCalls() {
    }

    /**
     * A client whose every request is bounded: the connection by at most 10 s, each request by
     * {@code apiTimeout}, and with few retries so that a dead server is reported quickly.
     */
    static KubernetesClient connect(Config config, Duration apiTimeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, apiTimeout.toMillis());
        config.setConnectionTimeout(Math.min(timeoutMs, 10_000));
        config.setRequestTimeout(timeoutMs);
        config.setRequestRetryBackoffLimit(1);
        config.setRequestRetryBackoffInterval(200);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Runs {@code call} in a daemon thread and waits at most {@code bound}; the call is
     * interrupted when the bound passes.
     */
    static <T> T bounded(Duration bound, String threadName, Callable<T> call)
            throws TimeoutException, ExecutionException, InterruptedException {
        FutureTask<T> task = new FutureTask<>(call);
        Thread t = new Thread(task, threadName);
        t.setDaemon(true);
        t.start();
        try {
            return task.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            task.cancel(true);
            throw e;
        }
    }

    /** The HTTP status of a client failure, or 0 when the server gave none. */
    static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return k.getCode();
            }
        }
        return 0;
    }

    /** Why a call did not get an HTTP answer, in a few words. */
    static String transportReason(Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            deepest = t;
            if (t instanceof ConnectException) {
                return "connection refused (" + firstLine(t.getMessage()) + ")";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + firstLine(t.getMessage());
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return "timed out";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed (" + firstLine(t.getMessage()) + ")";
            }
        }
        String message = firstLine(deepest.getMessage());
        return message.isEmpty() ? deepest.getClass().getSimpleName() : message;
    }

    /** What the server said with its error status, in one line. */
    static String serverMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
                return firstLine(k.getStatus().getMessage());
            }
        }
        return firstLine(e.getMessage());
    }

    /** A failure of Up's checks, said once, in one line, with what to check. */
    static ProviderException upFailure(String action, String server, String context, Throwable e, Redactor redactor) {
        int code = status(e);
        String where = "cluster at " + server + " (kubeconfig context '" + context + "')";
        String message;
        if (code == 401) {
            message = where + " refused the credentials (HTTP 401 Unauthorized) on " + action
                    + "; renew them (log in again or refresh the token) and check with: kubectl --context "
                    + context + " get nodes";
        } else if (code == 403) {
            message = "the credentials of kubeconfig context '" + context + "' were refused " + action + " at " + server
                    + " (HTTP 403 Forbidden: " + serverMessage(e) + "); use an account that may, and check with: kubectl --context "
                    + context + " auth can-i list nodes";
        } else if (code > 0) {
            message = where + " answered " + action + " with HTTP " + code + " (" + serverMessage(e)
                    + "); check the server address and that it is a Kubernetes API server";
        } else {
            message = where + " does not answer " + action + ": " + transportReason(e)
                    + "; check that the cluster is running, that this machine reaches its API server, and the"
                    + " kubeconfig's server address (kubectl --context " + context + " get --raw /version)";
        }
        return new ProviderException(redactor.oneLine(message), redactor.redact(String.valueOf(e)), null);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip();
        int nl = line.indexOf('\n');
        return (nl < 0 ? line : line.substring(0, nl)).strip();
    }
}
