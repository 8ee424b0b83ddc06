package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the Kubernetes REST API from a {@link Store}: discovery, CRUD with the API server's
 * semantics ({@link ObjectOperations}), list with label and field selectors and pagination, and
 * watches over WebSockets that resume from a resourceVersion.
 */
final class HollowDispatcher extends Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(HollowDispatcher.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = Store.Json.MAPPER;

    /** A request's target: a collection or an object of one resource, maybe a subresource. */
    private record Target(ResourceType type, String namespace, String name, String subresource) {
    }

    private final ObjectOperations ops;
    private final Store store;
    private final WatchFanout fanout;
    private final Discovery discovery;
    private final Tables tables;
    private final OpenApi openApi;
    private final Runnable afterRequest;
    private final Consumer<ApiCall> metrics;
    private final List<WatchFanout.Session> sessions = new ArrayList<>();

    /** One answered call, for latency measurements. */
    record ApiCall(String verb, String resource, int code, long nanos) {
    }

    HollowDispatcher(ObjectOperations ops, WatchFanout fanout, String gitVersion, java.time.Clock clock,
            Runnable afterRequest, Consumer<ApiCall> metrics) {
        this.tables = new Tables(clock, ops.store().customs());
        this.openApi = new OpenApi(gitVersion, ops.store().customs());
        this.ops = ops;
        this.store = ops.store();
        Map<ResourceType, JsonNode> builtInSchemas = new java.util.concurrent.ConcurrentHashMap<>();
        ops.trackFields(new FieldManager(type -> store.customs().of(type).map(CustomResources.Definition::schema)
                .orElseGet(() -> builtInSchemas.computeIfAbsent(type, openApi::schemaOf)), openApi::definitions, clock));
        this.fanout = fanout;
        this.discovery = new Discovery(gitVersion, ops.store().customs());
        this.afterRequest = afterRequest;
        this.metrics = metrics;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        long start = System.nanoTime();
        String verb = request.getMethod();
        String resource = "";
        MockResponse response;
        try {
            String uri = request.getPath();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            Map<String, String> query = parseQuery(q < 0 ? "" : uri.substring(q + 1));
            Target target = resolve(path);
            if (target == null) {
                response = discovery(path, request.getHeader("Accept"));
            } else {
                resource = target.type().plural() + (target.subresource() == null ? "" : "/" + target.subresource());
                verb = verbOf(request.getMethod(), target, query);
                response = serve(request, target, query);
            }
        } catch (ApiError e) {
            response = status(e);
        } catch (RuntimeException e) {
            LOG.warn("hollow API failed on {} {}", request.getMethod(), request.getPath(), e);
            response = status(new ApiError(500, "InternalError", "internal error: " + e, null, null));
        } finally {
            afterRequest.run();
        }
        if (Protobuf.onlyProtobuf(request.getHeader("Accept"))) {
            response = asProtobuf(response);
        }
        if (metrics != null) {
            metrics.accept(new ApiCall(verb, resource, response.code(), System.nanoTime() - start));
        }
        return response;
    }

    /** Closes every open watch. */
    @Override
    public void shutdown() {
        List<WatchFanout.Session> open;
        synchronized (sessions) {
            open = new ArrayList<>(sessions);
            sessions.clear();
        }
        for (WatchFanout.Session s : open) {
            store.unwatch(s.watch());
            s.close();
        }
    }

    private static String verbOf(String method, Target t, Map<String, String> query) {
        return switch (method) {
            case "GET" -> t.name() != null ? "GET" : isTrue(query.get("watch")) ? "WATCH" : "LIST";
            case "POST" -> "POST";
            case "PUT" -> "PUT";
            case "PATCH" -> "PATCH";
            case "DELETE" -> t.name() == null ? "DELETECOLLECTION" : "DELETE";
            default -> method;
        };
    }

    private Target resolve(String path) {
        List<String> segs = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segs.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        String apiVersion;
        int rest;
        if (segs.size() >= 3 && segs.get(0).equals("api") && segs.get(1).equals("v1")) {
            apiVersion = "v1";
            rest = 2;
        } else if (segs.size() >= 4 && segs.get(0).equals("apis")) {
            apiVersion = segs.get(1) + "/" + segs.get(2);
            rest = 3;
        } else {
            return null;
        }
        List<String> r = segs.subList(rest, segs.size());
        String namespace = null;
        if (r.size() >= 3 && r.get(0).equals("namespaces") && !r.get(2).equals("status") && !r.get(2).equals("finalize")) {
            namespace = r.get(1);
            r = r.subList(2, r.size());
        }
        if (r.isEmpty() || r.size() > 3) {
            throw ApiError.pathNotFound(path);
        }
        String plural = r.get(0);
        ResourceType type = ResourceTypes.find(apiVersion, plural)
                .or(() -> store.customs().find(apiVersion, plural).map(CustomResources.Definition::type))
                .orElseThrow(() -> ApiError.pathNotFound(path));
        if (namespace != null && !type.namespaced()) {
            throw ApiError.pathNotFound(path);
        }
        if (type.namespaced() && namespace == null && r.size() > 1) {
            throw ApiError.pathNotFound(path);
        }
        String name = r.size() > 1 ? r.get(1) : null;
        String sub = r.size() > 2 ? r.get(2) : null;
        if (sub != null && !(sub.equals("status") && type.statusSubresource()) && !type.subresources().contains(sub)) {
            throw ApiError.pathNotFound(path);
        }
        return new Target(type, type.namespaced() ? namespace : "", name, sub);
    }

    private MockResponse serve(RecordedRequest request, Target t, Map<String, String> query) {
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith(Protobuf.MEDIA_TYPE) && store.customs().of(t.type()).isPresent()) {
            // as the real API server: custom resources have no protobuf form; client-go then sends JSON
            throw new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                    + "accepted media types include: application/json, application/yaml, application/json-patch+json, "
                    + "application/merge-patch+json, application/apply-patch+yaml", null, null);
        }
        if (contentType != null && contentType.startsWith("application/strategic-merge-patch")
                && "PATCH".equals(request.getMethod()) && store.customs().of(t.type()).isPresent()) {
            throw new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                    + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml", null, null);
        }
        String directive = query.get("fieldValidation");
        if (directive == null || directive.equals("Ignore") || t.subresource() != null
                || !List.of("POST", "PUT", "PATCH").contains(request.getMethod())) {
            return serveValidated(request, t, query);
        }
        if (!directive.equals("Strict") && !directive.equals("Warn")) {
            throw ApiError.badRequest("fieldValidation '" + directive + "' is not Ignore, Warn or Strict");
        }
        List<String> unknown = contentType != null && contentType.startsWith("application/json-patch")
                ? List.of() : store.customs().of(t.type()).isPresent()
                ? store.customs().unknownFields(t.type(), anyBody(request))
                : openApi.unknownFields(t.type(), anyBody(request));
        if (!unknown.isEmpty() && directive.equals("Strict")) {
            List<String> quoted = new ArrayList<>();
            unknown.forEach(f -> quoted.add("unknown field \"" + f + "\""));
            throw ApiError.badRequest("strict decoding error: " + String.join(", ", quoted));
        }
        MockResponse response = serveValidated(request, t, query);
        for (String f : unknown) {
            response.addHeader("Warning", "299 - \"unknown field \\\"" + f + "\\\"\"");
        }
        return response;
    }

    private MockResponse serveValidated(RecordedRequest request, Target t, Map<String, String> query) {
        String method = request.getMethod();
        String ns = t.namespace();
        if (t.name() == null) {
            return switch (method) {
                case "GET" -> isTrue(query.get("watch")) ? watch(request, t, query) : list(request, t, query);
                case "POST" -> created(ops.create(t.type(), requireNamespace(ns), body(request),
                        "All".equals(query.get("dryRun")), manager(request, query)));
                case "DELETE" -> deleteCollection(t, query, request);
                default -> throw ApiError.methodNotAllowed(method, request.getPath());
            };
        }
        String sub = t.subresource();
        if (sub == null || sub.equals("status")) {
            return switch (method) {
                case "GET" -> get(request, t, query);
                case "PUT" -> sub == null ? put(t, body(request), manager(request, query))
                        : json(200, ops.updateStatus(t.type(), ns, t.name(), body(request), manager(request, query)).json);
                case "PATCH" -> patch(request, t, query);
                case "DELETE" -> sub == null ? json(200, ops.delete(t.type(), ns, t.name(),
                        deleteOptions(request, query)).json) : methodNotAllowed(request);
                default -> methodNotAllowed(request);
            };
        }
        return switch (sub) {
            case "binding" -> {
                requireMethod(request, "POST");
                ops.bind(ns, t.name(), body(request));
                yield success(201);
            }
            case "eviction" -> {
                requireMethod(request, "POST");
                JsonNode options = body(request).path("deleteOptions");
                ops.delete(t.type(), ns, t.name(), new ObjectOperations.DeleteOptions(
                        options.has("gracePeriodSeconds") ? options.get("gracePeriodSeconds").asLong() : null,
                        null, null, null));
                yield success(201);
            }
            case "finalize" -> {
                requireMethod(request, "PUT");
                yield json(200, ops.finalizeNamespace(t.name(), body(request)).json);
            }
            case "scale" -> scale(request, t, query);
            default -> throw ApiError.pathNotFound(request.getPath());
        };
    }

    private MockResponse put(Target t, ObjectNode body, String manager) {
        boolean existed = store.get(t.type(), t.namespace(), t.name()) != null;
        Store.Entry stored = ops.update(t.type(), t.namespace(), t.name(), body, manager);
        return json(existed ? 200 : 201, stored.json);
    }

    private MockResponse patch(RecordedRequest request, Target t, Map<String, String> query) {
        String contentType = request.getHeader("Content-Type");
        JsonNode body = anyBody(request);
        boolean apply = ObjectOperations.isApply(contentType);
        String manager = manager(request, query);
        boolean force = isTrue(query.get("force"));
        if (apply && (query.get("fieldManager") == null || query.get("fieldManager").isEmpty())) {
            throw patchOptionsInvalid("fieldManager: Required value: is required for apply patch");
        }
        if (!apply && query.containsKey("force")) {
            throw patchOptionsInvalid("force: Forbidden: may not be specified for non-apply patch");
        }
        try {
            return json(200, ops.patch(t.type(), t.namespace(), t.name(), t.subresource(), contentType, body,
                    manager, force).json);
        } catch (ApiError e) {
            // server-side apply creates what does not exist yet
            if (e.code() != 404 || !apply || t.subresource() != null || !(body instanceof ObjectNode object)
                    || store.get(t.type(), t.namespace(), t.name()) != null) {
                throw e;
            }
            return created(ops.applyCreate(t.type(), requireNamespace(t.namespace()), t.name(), object, manager,
                    force, "All".equals(query.get("dryRun"))));
        }
    }

    private static ApiError patchOptionsInvalid(String error) {
        return new ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: " + error, "PatchOptions", "");
    }

    /**
     * The field manager of a write: the {@code fieldManager} parameter, else the first part of the
     * client's user agent ({@code kubectl/v1.32.0 (linux/amd64) ...} is {@code kubectl}), as the API
     * server takes it.
     */
    private static String manager(RecordedRequest request, Map<String, String> query) {
        String named = query.get("fieldManager");
        if (named != null && !named.isEmpty()) {
            return named;
        }
        String agent = request.getHeader("User-Agent");
        String prefix = agent == null ? "" : agent.split("/", 2)[0];
        return prefix.length() > 128 ? prefix.substring(0, 128) : prefix;
    }

    private MockResponse scale(RecordedRequest request, Target t, Map<String, String> query) {
        String method = request.getMethod();
        CustomResources.ScalePaths paths = store.customs().of(t.type()).map(CustomResources.Definition::scale)
                .orElse(null);
        if (method.equals("GET")) {
            return json(200, toScale(existing(t), paths).toString());
        }
        JsonNode replicas;
        String rv;
        if (method.equals("PUT")) {
            ObjectNode body = body(request);
            replicas = body.path("spec").path("replicas");
            rv = body.path("metadata").path("resourceVersion").asText("");
        } else if (method.equals("PATCH")) {
            JsonNode patched = Patches.apply(request.getHeader("Content-Type"), anyBody(request),
                    toScale(existing(t), paths));
            replicas = patched.path("spec").path("replicas");
            rv = "";
        } else {
            return methodNotAllowed(request);
        }
        if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
            throw ApiError.invalid(t.type(), t.name(), "spec.replicas: Invalid value: must be a non-negative integer");
        }
        ObjectNode patch = CustomResources.mergePatchAt(paths == null ? ".spec.replicas" : paths.specReplicasPath(),
                replicas.asInt());
        if (!rv.isEmpty()) {
            patch.putObject("metadata").put("resourceVersion", rv);
        }
        Store.Entry updated = ops.patch(t.type(), t.namespace(), t.name(), null, "application/merge-patch+json", patch,
                manager(request, query), false);
        return json(200, toScale(updated, paths).toString());
    }

    /** The Scale of an object: of a built-in kind ({@code paths} null) or of a custom resource. */
    private static ObjectNode toScale(Store.Entry e, CustomResources.ScalePaths paths) {
        ObjectNode obj = e.object();
        if (paths != null) {
            ObjectNode scale = toScale(e, null);
            scale.with("spec").put("replicas", CustomResources.at(obj, paths.specReplicasPath()).asInt(0));
            scale.with("status").put("replicas", CustomResources.at(obj, paths.statusReplicasPath()).asInt(0));
            if (paths.labelSelectorPath().isEmpty()) {
                scale.with("status").remove("selector");
            } else {
                scale.with("status").put("selector", CustomResources.at(obj, paths.labelSelectorPath()).asText(""));
            }
            return scale;
        }
        ObjectNode scale = JsonNodeFactory.instance.objectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = obj.path("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        JsonNode matchLabels = obj.path("spec").path("selector").path("matchLabels");
        List<String> parts = new ArrayList<>();
        matchLabels.fields().forEachRemaining(f -> parts.add(f.getKey() + "=" + f.getValue().asText()));
        parts.sort(null);
        status.put("selector", String.join(",", parts));
        return scale;
    }

    private MockResponse get(RecordedRequest request, Target t, Map<String, String> query) {
        Store.Entry e = existing(t);
        if (t.subresource() == null && Tables.wanted(request.getHeader("Accept"))) {
            return table(t.type(), List.of(e), String.valueOf(e.resourceVersion), null, query);
        }
        return json(200, store.customs().read(t.type(), e.json));
    }

    private MockResponse table(ResourceType type, List<Store.Entry> entries, String rv, String next,
            Map<String, String> query) {
        List<JsonNode> objects = new ArrayList<>(entries.size());
        entries.forEach(e -> objects.add(e.object()));
        return new MockResponse().setResponseCode(200)
                .addHeader("Content-Type", "application/json;as=Table;v=v1;g=meta.k8s.io")
                .setBody(tables.render(type, objects, rv, next, query.get("includeObject")));
    }

    private MockResponse list(RecordedRequest request, Target t, Map<String, String> query) {
        LabelSelector labels = labelSelector(query);
        FieldSelector fields = fieldSelector(query);
        int limit = parseInt(query.get("limit"), "limit");
        String after = null;
        String token = query.get("continue");
        if (token != null && !token.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("continue token '" + token + "' is not valid; start the list again without it");
            }
            if (after.indexOf('/') < 0) {
                throw ApiError.badRequest("continue token '" + token + "' is not valid; start the list again without it");
            }
        }
        long rv = store.revision();
        List<Store.Entry> items = store.list(t.type(), t.namespace(), labels, fields, after, limit);
        String next = null;
        if (limit > 0 && items.size() > limit) {
            items = items.subList(0, limit);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    items.get(items.size() - 1).key().getBytes(StandardCharsets.UTF_8));
        }
        if (Tables.wanted(request.getHeader("Accept"))) {
            return table(t.type(), items, String.valueOf(rv), next, query);
        }
        StringBuilder sb = new StringBuilder(64 + items.size() * 1024);
        sb.append("{\"apiVersion\":\"").append(t.type().apiVersion()).append("\",\"kind\":\"").append(listKind(t.type()))
                .append("\",\"metadata\":{\"resourceVersion\":\"").append(rv).append('"');
        if (next != null) {
            sb.append(",\"continue\":\"").append(next).append('"');
        }
        sb.append("},\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(store.customs().read(t.type(), items.get(i).json));
        }
        sb.append("]}");
        return json(200, sb.toString());
    }

    private MockResponse watch(RecordedRequest request, Target t, Map<String, String> query) {
        LabelSelector labels = labelSelector(query);
        FieldSelector fields = fieldSelector(query);
        String rvText = query.get("resourceVersion");
        Long from = rvText == null || rvText.isEmpty() ? null : (long) parseInt(rvText, "resourceVersion");
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket")) {
            // A plain HTTP watch: answer with what is known now; the client watches again from there.
            List<String> events = new ArrayList<>();
            Store.Watch w = store.watch(t.type(), t.namespace(), labels, fields, from,
                    text -> events.add(store.customs().readEvent(t.type(), text)));
            store.unwatch(w);
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
                    .setBody(String.join("\n", events) + (events.isEmpty() ? "" : "\n"));
        }
        WatchFanout.Session session = new WatchFanout.Session();
        try {
            session.attach(store.watch(t.type(), t.namespace(), labels, fields, from,
                    text -> fanout.send(session, store.customs().readEvent(t.type(), text))));
            session.watch().onEnd = () -> fanout.end(session);
        } catch (ApiError gone) {
            // The real API accepts the watch, then reports 410 as an ERROR event.
            session.deliver(Store.frame("ERROR", statusJson(gone)));
            return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                @Override
                public void onOpen(WebSocket webSocket, Response response) {
                    session.open(WatchFanout.Channel.of(webSocket));
                    session.close();
                }
            });
        }
        synchronized (sessions) {
            sessions.add(session);
        }
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                session.open(WatchFanout.Channel.of(webSocket));
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                end();
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                end();
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                end();
            }

            private void end() {
                store.unwatch(session.watch());
                session.close();
                synchronized (sessions) {
                    sessions.remove(session);
                }
            }
        });
    }

    /** Whether a request is a watch over a plain HTTP response (client-go's), not a WebSocket. */
    static boolean isStreamingWatch(String method, String uri, String upgrade) {
        if (!"GET".equals(method) || upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket")) {
            return false;
        }
        int q = uri.indexOf('?');
        return q >= 0 && isTrue(parseQuery(uri.substring(q + 1)).get("watch"));
    }

    /**
     * Serves a watch as client-go asks for it: one HTTP response that stays open, one JSON event per
     * line, until {@code timeoutSeconds} pass, the client goes, or the server stops. A resourceVersion
     * older than the history is a 200 with one ERROR event (410 Gone), as the real API answers.
     */
    void streamWatch(io.vertx.core.Vertx vertx, io.vertx.core.http.HttpServerRequest request) {
        long start = System.nanoTime();
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        io.vertx.core.http.HttpServerResponse response = request.response();
        String resource = "";
        try {
            Map<String, String> query = parseQuery(q < 0 ? "" : uri.substring(q + 1));
            Target t = resolve(path);
            if (t == null || t.subresource() != null) {
                throw ApiError.pathNotFound(path);
            }
            resource = t.type().plural();
            FieldSelector fields = fieldSelector(query);
            if (t.name() != null) {
                // the old form, GET .../pods/NAME?watch=true: a watch of that one name
                fields = FieldSelector.parse(appendSelector(query.get("fieldSelector"), "metadata.name=" + t.name()));
            }
            LabelSelector labels = labelSelector(query);
            String rvText = query.get("resourceVersion");
            Long from = rvText == null || rvText.isEmpty() ? null : (long) parseInt(rvText, "resourceVersion");
            int timeout = parseInt(query.get("timeoutSeconds"), "timeoutSeconds");
            response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache, private");
            WatchFanout.Session session = new WatchFanout.Session();
            WatchFanout.Channel channel = new WatchFanout.Channel() {
                @Override
                public void send(String text) {
                    response.write(text + "\n");
                }

                @Override
                public void close() {
                    try {
                        if (!response.ended()) {
                            response.end();
                        }
                    } catch (IllegalStateException gone) {
                        // the client closed the connection first
                    }
                }
            };
            Runnable end = () -> {
                store.unwatch(session.watch());
                session.close();
                synchronized (sessions) {
                    sessions.remove(session);
                }
            };
            try {
                session.attach(store.watch(t.type(), t.namespace(), labels, fields, from,
                        text -> fanout.send(session, store.customs().readEvent(t.type(), text))));
                session.watch().onEnd = () -> fanout.end(session);
            } catch (ApiError gone) {
                response.write(Store.frame("ERROR", statusJson(gone)) + "\n");
                response.end();
                return;
            }
            synchronized (sessions) {
                sessions.add(session);
            }
            response.closeHandler(v -> end.run());
            if (timeout > 0) {
                vertx.setTimer(TimeUnit.SECONDS.toMillis(timeout), id -> end.run());
            }
            response.writeHead();
            session.open(channel);
        } catch (ApiError e) {
            if (!response.headWritten()) {
                response.setStatusCode(e.code()).putHeader("Content-Type", "application/json").end(statusJson(e));
            }
        } catch (RuntimeException e) {
            LOG.warn("hollow API failed on watch {}", uri, e);
            if (!response.headWritten()) {
                ApiError error = new ApiError(500, "InternalError", "internal error: " + e, null, null);
                response.setStatusCode(500).putHeader("Content-Type", "application/json").end(statusJson(error));
            }
        }
        if (metrics != null) {
            metrics.accept(new ApiCall("WATCH", resource, response.getStatusCode(), System.nanoTime() - start));
        }
    }

    private static String appendSelector(String selector, String term) {
        return selector == null || selector.isBlank() ? term : selector + "," + term;
    }

    /** The kind of a list of {@code type}: the CRD's listKind for custom resources. */
    private String listKind(ResourceType type) {
        return store.customs().of(type).map(CustomResources.Definition::listKind).orElse(type.kind() + "List");
    }

    private MockResponse deleteCollection(Target t, Map<String, String> query, RecordedRequest request) {
        ObjectOperations.DeleteOptions options = deleteOptions(request, query);
        List<Store.Entry> items = store.list(t.type(), t.namespace(), labelSelector(query), fieldSelector(query), null, 0);
        StringBuilder sb = new StringBuilder();
        sb.append("{\"apiVersion\":\"").append(t.type().apiVersion()).append("\",\"kind\":\"").append(listKind(t.type()))
                .append("\",\"metadata\":{\"resourceVersion\":\"").append(store.revision()).append("\"},\"items\":[");
        boolean first = true;
        for (Store.Entry e : items) {
            try {
                Store.Entry last = ops.delete(t.type(), e.namespace, e.name, options);
                sb.append(first ? "" : ",").append(last.json);
                first = false;
            } catch (ApiError gone) {
                if (gone.code() != 404) {
                    throw gone;
                }
            }
        }
        return json(200, sb.append("]}").toString());
    }

    private MockResponse discovery(String path, String accept) {
        if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "text/plain").setBody("ok");
        }
        if (path.equals("/openapi/v2")) {
            if (accept != null && !accept.contains("json") && !accept.contains("*/*")) {
                // the gnostic protobuf form of the document is not served: clients then fall back or skip
                throw new ApiError(406, "NotAcceptable", "only application/json is served for /openapi/v2, not "
                        + accept, null, null);
            }
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
                    .setBody(openApi.v2());
        }
        if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
                    .setBody(openApi.v3Root());
        }
        if (path.startsWith("/openapi/v3/")) {
            byte[] doc = openApi.v3(path.substring("/openapi/v3/".length())).orElseThrow(() -> ApiError.pathNotFound(path));
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(doc);
        }
        Discovery.Document d = discovery.answer(path, accept).orElseThrow(() -> ApiError.pathNotFound(path));
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", d.contentType()).setBody(d.json());
    }

    private Store.Entry existing(Target t) {
        Store.Entry e = store.get(t.type(), t.namespace(), t.name());
        if (e == null) {
            throw ApiError.notFound(t.type(), t.name());
        }
        return e;
    }

    private static String requireNamespace(String ns) {
        if (ns == null) {
            throw ApiError.badRequest("a namespaced object must be created under /namespaces/<namespace>/");
        }
        return ns;
    }

    private static void requireMethod(RecordedRequest request, String method) {
        if (!request.getMethod().equals(method)) {
            throw ApiError.methodNotAllowed(request.getMethod(), request.getPath());
        }
    }

    private static MockResponse methodNotAllowed(RecordedRequest request) {
        throw ApiError.methodNotAllowed(request.getMethod(), request.getPath());
    }

    private static ObjectOperations.DeleteOptions deleteOptions(RecordedRequest request, Map<String, String> query) {
        JsonNode body = JsonNodeFactory.instance.objectNode();
        if (request.getBody() != null && request.getBody().size() > 0) {
            body = anyBody(request);
        }
        Long grace = body.has("gracePeriodSeconds") && !body.get("gracePeriodSeconds").isNull()
                ? body.get("gracePeriodSeconds").asLong() : null;
        if (query.containsKey("gracePeriodSeconds")) {
            grace = (long) parseInt(query.get("gracePeriodSeconds"), "gracePeriodSeconds");
        }
        String policy = body.path("propagationPolicy").asText(null);
        if (query.containsKey("propagationPolicy")) {
            policy = query.get("propagationPolicy");
        }
        if (policy == null && body.path("orphanDependents").asBoolean(false)) {
            policy = "Orphan";
        }
        JsonNode pre = body.path("preconditions");
        return new ObjectOperations.DeleteOptions(grace, policy, pre.path("uid").asText(null),
                pre.path("resourceVersion").asText(null));
    }

    private static ObjectNode body(RecordedRequest request) {
        JsonNode n = anyBody(request);
        if (!(n instanceof ObjectNode o)) {
            throw ApiError.badRequest("the request body must be a JSON object");
        }
        return o;
    }

    private static JsonNode anyBody(RecordedRequest request) {
        if (request.getBody() != null && Protobuf.isProtobuf(request.getBody().getBytes())) {
            return Protobuf.decode(request.getBody().getBytes());
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith(Protobuf.MEDIA_TYPE)) {
            return Protobuf.decode(request.getBody() == null ? new byte[0] : request.getBody().getBytes());
        }
        // getBytes() leaves the body in place: field validation reads it before the operation does
        String text = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("the request has no body; send the object as JSON");
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            try {
                return YAML.readTree(text);
            } catch (JsonProcessingException yamlError) {
                throw ApiError.badRequest("the request body is neither JSON nor YAML: " + e.getOriginalMessage());
            }
        }
    }

    private static LabelSelector labelSelector(Map<String, String> query) {
        try {
            return LabelSelector.parse(query.get("labelSelector"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static FieldSelector fieldSelector(Map<String, String> query) {
        try {
            return FieldSelector.parse(query.get("fieldSelector"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static int parseInt(String text, String what) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            long v = Long.parseLong(text);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(what + " '" + text + "' is not a non-negative integer");
        }
    }

    private static boolean isTrue(String v) {
        return "true".equals(v) || "1".equals(v);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new HashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** The protobuf form of a JSON answer, for clients that accept nothing else; JSON where no message exists. */
    private static MockResponse asProtobuf(MockResponse response) {
        if (response.getWebSocketListener() != null || response.getBody() == null
                || !"application/json".equals(response.header("Content-Type"))) {
            return response;
        }
        try {
            JsonNode body = JSON.readTree(response.getBody().getBytes());
            return Protobuf.encode(body).map(bytes -> new MockResponse().setResponseCode(response.code())
                    .addHeader("Content-Type", Protobuf.MEDIA_TYPE).setBody(bytes)).orElse(response);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("answering in JSON: no protobuf form", e);
            return response;
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json").setBody(body);
    }

    private static MockResponse created(Store.Entry e) {
        return json(201, e.json);
    }

    private static MockResponse success(int code) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "Status");
        n.put("apiVersion", "v1");
        n.putObject("metadata");
        n.put("status", "Success");
        n.put("code", code);
        return json(code, n.toString());
    }

    private static MockResponse status(ApiError e) {
        return json(e.code(), statusJson(e));
    }

    static String statusJson(ApiError e) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "Status");
        n.put("apiVersion", "v1");
        n.putObject("metadata");
        n.put("status", "Failure");
        n.put("message", e.getMessage());
        n.put("reason", e.reason());
        if (!e.causes().isEmpty()) {
            e.causes().forEach(c -> n.with("details").withArray("causes").add(c));
        }
        if (e.kind() != null || e.name() != null) {
            ObjectNode d = n.putObject("details");
            if (e.name() != null) {
                d.put("name", e.name());
            }
            if (e.kind() != null) {
                d.put("kind", e.kind());
            }
            if (e.code() == 422) {
                Validation.causes(e.getMessage()).forEach(c -> d.withArray("causes").add(c));
            }
        }
        n.put("code", e.code());
        return n.toString();
    }
}
