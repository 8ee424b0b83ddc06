package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** What every controller shares: the client, settings, informers, timers and the recorder. */
final class ControllerContext {

    final KubernetesClient client;
    final HollowSettings settings;
    final Clock clock;
    final Informers informers;
    final EventRecorder events;
    final ScheduledExecutorService timers;
    final RawApi raw;

    ControllerContext(KubernetesClient client, HollowSettings settings, Informers informers,
            EventRecorder events, ScheduledExecutorService timers) {
        this.client = client;
        this.settings = settings;
        this.clock = settings.clock();
        this.informers = informers;
        this.events = events;
        this.timers = timers;
        this.raw = new RawApi(client);
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

    /** JSON merge patch of the status subresource; no resourceVersion, so never a conflict. */
    <T extends HasMetadata> void patchStatus(Class<T> type, String namespace, String name,
            Object status) {
        raw.mergePatch(RawApi.path(type, namespace, name, "status"), json(Map.of("status", status)));
    }

    /** JSON merge patch of the main resource. */
    <T extends HasMetadata> void patch(Class<T> type, String namespace, String name, Object body) {
        raw.mergePatch(RawApi.path(type, namespace, name, null), body instanceof String s ? s : json(body));
    }

    static boolean isGone(KubernetesClientException e) {
        return e.getCode() == 404 || e.getCode() == 410;
    }
}
