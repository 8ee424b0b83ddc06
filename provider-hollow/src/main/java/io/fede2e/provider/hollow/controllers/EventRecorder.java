package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the controllers do: one line in the in-memory event log and one core/v1 Event.
 *
 * <p>Events are written asynchronously by two threads from a bounded queue; when the queue is
 * full the Event is dropped (client-go's broadcaster does the same) so that a burst of pods never
 * waits on its Events. Repeats of the same reason and message for the same object are folded into
 * one Event whose count grows, as the real event correlator does.
 */
final class EventRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int LOG_LINES = 200_000;
    private static final int SEEN_EVENTS = 4_096;

    private final KubernetesClient client;
    private final RawApi raw;
    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Map<String, Pending> queuedByKey = new LinkedHashMap<>();
    private final Map<String, Sent> sent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > SEEN_EVENTS;
        }
    };
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private boolean closed;

    EventRecorder(KubernetesClient client, Clock clock, int capacity) {
        this.client = client;
        this.raw = new RawApi(client);
        this.clock = clock;
        this.capacity = capacity;
        if (capacity > 0) {
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(this::send, "hollow-events-" + i);
                t.setDaemon(true);
                senders.add(t);
                t.start();
            }
        }
    }

    void normal(HasMetadata object, String reason, String message, String component, String host) {
        record(object, "Normal", reason, message, component, host);
    }

    void warning(HasMetadata object, String reason, String message, String component, String host) {
        record(object, "Warning", reason, message, component, host);
    }

    /** A line in the event log only, for what has no Kubernetes Event. */
    void note(String line) {
        append(DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                + " " + line);
    }

    private void record(HasMetadata object, String type, String reason, String message,
            String component, String host) {
        String ns = object.getMetadata().getNamespace();
        note(type + " " + reason + " " + object.getKind() + " "
                + (ns == null ? "" : ns + "/") + object.getMetadata().getName() + ": " + message);
        if (capacity == 0) {
            return;
        }
        String key = object.getMetadata().getUid() + "\u0000" + reason + "\u0000" + message;
        synchronized (this) {
            if (closed) {
                return;
            }
            Pending queued = queuedByKey.get(key);
            if (queued != null) {
                queued.count++;
                queued.last = clock.instant();
                return;
            }
            if (queue.size() >= capacity) {
                dropped.incrementAndGet();
                return;
            }
            Pending p = new Pending(key, object, type, reason, message, component, host, clock.instant());
            queue.addLast(p);
            queuedByKey.put(key, p);
            notify();
        }
    }

    private void send() {
        while (true) {
            Pending p;
            Sent previous;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                p = queue.pollFirst();
                queuedByKey.remove(p.key);
                previous = sent.get(p.key);
            }
            try {
                write(p, previous);
            } catch (KubernetesClientException e) {
                // The namespace may be going away; an Event is best effort, as in a real cluster.
                LOG.debug("event {} for {} not written: {}", p.reason, p.object.getMetadata().getName(),
                        e.getMessage());
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
                LOG.debug("event {} not written", p.reason, e);
            }
        }
    }

    private void write(Pending p, Sent previous) {
        String ns = p.object.getMetadata().getNamespace() == null
                ? "default" : p.object.getMetadata().getNamespace();
        String last = p.last.truncatedTo(ChronoUnit.SECONDS).toString();
        if (previous != null) {
            int count = previous.count + p.count;
            Event patch = new EventBuilder()
                    .withNewMetadata().endMetadata()
                    .withCount(count)
                    .withLastTimestamp(last)
                    .build();
            patch.setMetadata(null);
            raw.mergePatch(RawApi.path(Event.class, ns, previous.name, null),
                    client.getKubernetesSerialization().asJson(patch));
            synchronized (this) {
                sent.put(p.key, new Sent(previous.name, count));
            }
            return;
        }
        String name = p.object.getMetadata().getName() + "."
                + Long.toHexString(clock.millis() * 1_000_000L + sequence.incrementAndGet() % 1_000_000L);
        Event event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(p.object.getApiVersion())
                        .withKind(p.object.getKind())
                        .withName(p.object.getMetadata().getName())
                        .withNamespace(p.object.getMetadata().getNamespace())
                        .withUid(p.object.getMetadata().getUid())
                        .withResourceVersion(p.object.getMetadata().getResourceVersion())
                        .build())
                .withType(p.type)
                .withReason(p.reason)
                .withMessage(p.message)
                .withNewSource().withComponent(p.component).withHost(p.host).endSource()
                .withReportingComponent(p.component)
                .withReportingInstance(p.host == null ? p.component : p.host)
                .withFirstTimestamp(p.first.truncatedTo(ChronoUnit.SECONDS).toString())
                .withLastTimestamp(last)
                .withCount(p.count)
                .build();
        raw.post("api/v1/namespaces/" + RawApi.encode(ns) + "/events",
                client.getKubernetesSerialization().asJson(event));
        synchronized (this) {
            sent.put(p.key, new Sent(name, p.count));
        }
    }

    private void append(String line) {
        synchronized (log) {
            log.addLast(line);
            if (log.size() > LOG_LINES) {
                log.pollFirst();
            }
        }
    }

    List<String> lines() {
        List<String> copy;
        synchronized (log) {
            copy = new ArrayList<>(log);
        }
        long lost = dropped.get();
        if (lost > 0) {
            copy.add("(" + lost + " Events dropped because the event queue was full; the log above is complete)");
        }
        return copy;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            queuedByKey.clear();
            notifyAll();
        }
        for (Thread t : senders) {
            t.interrupt();
        }
        for (Thread t : senders) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Pending {
        final String key;
        final HasMetadata object;
        final String type;
        final String reason;
        final String message;
        final String component;
        final String host;
        final Instant first;
        Instant last;
        int count = 1;

        Pending(String key, HasMetadata object, String type, String reason, String message,
                String component, String host, Instant first) {
            this.key = key;
            this.object = object;
            this.type = type;
            this.reason = reason;
            this.message = message;
            this.component = component;
            this.host = host;
            this.first = first;
            this.last = first;
        }
    }

    private record Sent(String name, int count) {}
}
