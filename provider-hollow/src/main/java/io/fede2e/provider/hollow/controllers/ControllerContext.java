package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** What every controller shares: the client, settings, informers, timers and the recorder. */
final class ControllerContext {

  static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  final KubernetesClient client;
  final HollowSettings settings;
  final Clock clock;
  final Informers informers;
  final EventRecorder events;
  final ScheduledExecutorService timers;

  ControllerContext(KubernetesClient client, HollowSettings settings, Informers informers,
      EventRecorder events, ScheduledExecutorService timers) {
    this.client = client;
    this.settings = settings;
    this.clock = settings.clock();
    this.informers = informers;
    this.events = events;
    this.timers = timers;
  }

  String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  Instant instant() {
    return clock.instant();
  }

  WorkQueue queue(String name, int threads, java.util.function.Consumer<String> handler) {
    return new WorkQueue(name, threads, timers, handler);
  }

  String json(Object value) {
    return client.getKubernetesSerialization().asJson(value);
  }

  /**
   * JSON merge patch of the status subresource; no resourceVersion, so never a conflict.
   *
   * <p>fabric8 GETs the object before a patch by name; patching through a stub item that names
   * the object saves that round trip, which halves the kubelet's API calls.
   */
  <T extends HasMetadata> void patchStatus(Class<T> type, String namespace, String name,
      Object status) {
    String body = json(Map.of("status", status));
    client.resource(stub(type, namespace, name)).subresource("status").patch(MERGE, body);
  }

  /** JSON merge patch of the main resource. */
  <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, Object body) {
    String json = body instanceof String s ? s : json(body);
    return client.resource(stub(type, namespace, name)).patch(MERGE, json);
  }

  static <T extends HasMetadata> T stub(Class<T> type, String namespace, String name) {
    try {
      T item = type.getDeclaredConstructor().newInstance();
      item.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
          .withName(name).withNamespace(namespace).build());
      return item;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + type.getName(), e);
    }
  }

  static boolean isNotFound(KubernetesClientException e) {
    return e.getCode() == 404;
  }

  static boolean isGone(KubernetesClientException e) {
    return e.getCode() == 404 || e.getCode() == 410;
  }
}
