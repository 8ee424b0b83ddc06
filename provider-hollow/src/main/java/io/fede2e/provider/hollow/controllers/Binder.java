package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Binds a pod through the pods/binding subresource, as kube-scheduler does.
 *
 * <p>fabric8 has no verb for that subresource, so this posts the Binding itself through the
 * client's own HTTP client (and so its authentication).
 */
final class Binder {

  private final ControllerContext ctx;
  private final String base;

  Binder(ControllerContext ctx) {
    this.ctx = ctx;
    String master = ctx.client.getMasterUrl().toString();
    this.base = master.endsWith("/") ? master : master + "/";
  }

  /** Returns false when the pod is gone or no longer bindable (deleted, or bound meanwhile). */
  boolean bind(String namespace, String name, String uid, String node) {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":"
        + ctx.json(name) + ",\"namespace\":" + ctx.json(namespace) + ",\"uid\":" + ctx.json(uid)
        + "},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":" + ctx.json(node) + "}}";
    String url = base + "api/v1/namespaces/" + encode(namespace) + "/pods/" + encode(name) + "/binding";
    HttpRequest request = ctx.client.getHttpClient().newHttpRequestBuilder()
        .uri(url)
        .post("application/json", body)
        .build();
    HttpResponse<String> response;
    try {
      response = ctx.client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while binding " + namespace + "/" + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("binding " + namespace + "/" + name + " to " + node
          + " failed: " + e.getMessage(), e);
    }
    int code = response.code();
    if (code >= 200 && code < 300) {
      return true;
    }
    if (code == 404 || code == 409 || code == 410) {
      return false;
    }
    throw new KubernetesClientException("binding " + namespace + "/" + name + " to " + node
        + " failed with HTTP " + code, code, null);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
