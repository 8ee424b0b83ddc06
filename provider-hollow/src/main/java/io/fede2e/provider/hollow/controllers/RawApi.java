package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes whose answer the controllers do not read, sent through the client's own HTTP client.
 *
 * <p>fabric8's typed patch clones the item, GETs it when only a name is known and turns every
 * answer into a model object; the kubelet's status writes and the lease renewals need none of it,
 * and at 60,000 pods that work is a good part of the client's CPU. Errors still surface as
 * {@link KubernetesClientException} with the HTTP code, so callers treat them as usual.
 */
final class RawApi {

    private static final long TIMEOUT_SECONDS = 30;
    /** fabric8 works out plurals with regular expressions on every call: once per type is enough. */
    private static final java.util.Map<Class<?>, Route> ROUTES = new java.util.concurrent.ConcurrentHashMap<>();

    private record Route(String prefix, String plural) {}

    private final KubernetesClient client;
    private final String base;

    RawApi(KubernetesClient client) {
        this.client = client;
        String master = client.getMasterUrl().toString();
        this.base = master.endsWith("/") ? master : master + "/";
    }

    /** The path of a type's objects in a namespace (null for cluster scope), e.g. api/v1/namespaces/ns/pods. */
    static String collection(Class<? extends HasMetadata> type, String namespace) {
        Route route = ROUTES.computeIfAbsent(type, t -> {
            String apiVersion = HasMetadata.getApiVersion(t);
            return new Route((apiVersion.contains("/") ? "apis/" : "api/") + apiVersion, HasMetadata.getPlural(t));
        });
        StringBuilder path = new StringBuilder(96).append(route.prefix());
        if (namespace != null) {
            path.append("/namespaces/").append(encode(namespace));
        }
        return path.append('/').append(route.plural()).toString();
    }

    /** The path of an object (and optionally a subresource), e.g. api/v1/namespaces/ns/pods/p/status. */
    static String path(Class<? extends HasMetadata> type, String namespace, String name, String subresource) {
        StringBuilder path = new StringBuilder(96).append(collection(type, namespace));
        path.append('/').append(encode(name));
        if (subresource != null) {
            path.append('/').append(subresource);
        }
        return path.toString();
    }

    /** A JSON merge patch. */
    void mergePatch(String path, String json) {
        await(mergePatchAsync(path, json), "patch " + path);
    }

    /**
     * A JSON merge patch that no thread waits for: completes with the HTTP code, or exceptionally with a
     * {@link KubernetesClientException} carrying the code.
     */
    CompletableFuture<Integer> mergePatchAsync(String path, String json) {
        return sendAsync(client.getHttpClient().newHttpRequestBuilder().uri(base + path)
                .method("PATCH", "application/merge-patch+json", json).build(), "patch " + path);
    }

    /** A POST; returns the HTTP code, or throws for codes other than 2xx and those listed as accepted. */
    int post(String path, String json, int... accepted) {
        return await(postAsync(path, json, accepted), "post " + path);
    }

    /** {@link #post} without waiting: completes as {@link #mergePatchAsync} does. */
    CompletableFuture<Integer> postAsync(String path, String json, int... accepted) {
        return sendAsync(client.getHttpClient().newHttpRequestBuilder().uri(base + path)
                .post("application/json", json).build(), "post " + path, accepted);
    }

    private static int await(CompletableFuture<Integer> answer, String what) {
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubernetesClientException k) {
                throw k;
            }
            throw new KubernetesClientException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KubernetesClientException(what + " failed: no answer in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    private CompletableFuture<Integer> sendAsync(HttpRequest request, String what, int... accepted) {
        return client.getHttpClient().sendAsync(request, String.class).thenApply(response -> {
            int code = response.code();
            if (code >= 200 && code < 300) {
                return code;
            }
            for (int a : accepted) {
                if (a == code) {
                    return code;
                }
            }
            throw new KubernetesClientException(what + " failed with HTTP " + code, code, null);
        });
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
