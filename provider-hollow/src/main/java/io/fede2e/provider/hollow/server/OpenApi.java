package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The OpenAPI documents of the served kinds: {@code /openapi/v2} (JSON) and {@code /openapi/v3} with
 * one document per group version, which kubectl 1.27 and newer read for {@code apply} (strategic
 * merge patch metadata), validation (whether the server takes {@code fieldValidation}) and
 * {@code explain}.
 *
 * <p>The schemas come from the {@code /openapi/v2} document of a real Kubernetes v1.20.2 API server
 * (the control plane of {@code ../shared/k8s}), kept gzipped as a resource. Kinds that hollow serves
 * at a version 1.20 did not have yet take the schema of their predecessor, which has the same shape
 * for what hollow uses: discovery.k8s.io/v1 from v1beta1, policy/v1 from v1beta1, batch/v1 CronJob
 * from v1beta1, autoscaling/v2 from v2beta2. To regenerate: start that control plane
 * ({@code real-k8s start DIR}), then {@code kubectl --kubeconfig DIR/kubeconfig get --raw /openapi/v2
 * | gzip -9 -n > openapi-v2-kubernetes-1.20.2.json.gz}. The v3 documents are converted from it at
 * run time (definitions become {@code components.schemas}, body parameters request bodies), each with
 * only the schemas its paths reach.
 */
final class OpenApi {

    private static final String RESOURCE = "openapi-v2-kubernetes-1.20.2.json.gz";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A kind served at a version its schema document does not have: take it from an older one. */
    private record Alias(String group, String from, String to) {
        String fromPackage() {
            return "io.k8s.api." + pkg() + "." + from + ".";
        }

        String toPackage() {
            return "io.k8s.api." + pkg() + "." + to + ".";
        }

        String pkg() {
            return group.split("\\.")[0];
        }

        String fromPath() {
            return "/apis/" + group + "/" + from + "/";
        }

        String toPath() {
            return "/apis/" + group + "/" + to + "/";
        }
    }

    private static final List<Alias> ALIASES = List.of(new Alias("discovery.k8s.io", "v1beta1", "v1"),
            new Alias("policy", "v1beta1", "v1"), new Alias("batch", "v1beta1", "v1"),
            new Alias("autoscaling", "v2beta2", "v2"));

    private final String version;
    private ObjectNode v2;
    private byte[] v2Json;
    private byte[] v3Root;
    private final Map<String, byte[]> v3 = new HashMap<>();
    private Map<String, String> byKind;
    private final CustomResources customs;

    OpenApi(String version, CustomResources customs) {
        this.version = version;
        this.customs = customs;
    }

    /** The OpenAPI v2 document, JSON. */
    synchronized byte[] v2() {
        if (v2Json == null) {
            v2Json = load().toString().getBytes(StandardCharsets.UTF_8);
        }
        return v2Json;
    }

    /** The {@code /openapi/v3} index: each served group version and the URL of its document. */
    synchronized byte[] v3Root() {
        if (v3Root == null) {
            ObjectNode root = F.objectNode();
            ObjectNode paths = root.putObject("paths");
            for (String gv : ResourceTypes.byGroupVersion().keySet()) {
                String key = gv.equals("v1") ? "api/v1" : "apis/" + gv;
                paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(v3(key).orElseThrow()));
            }
            v3Root = root.toString().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, List<ResourceType>> custom = customs.byGroupVersion();
        if (custom.isEmpty()) {
            return v3Root;
        }
        ObjectNode root = Store.Json.parseObject(new String(v3Root, StandardCharsets.UTF_8));
        custom.forEach((gv, types) -> ((ObjectNode) root.path("paths")).putObject("apis/" + gv)
                .put("serverRelativeURL", "/openapi/v3/apis/" + gv + "?hash=" + hash(customV3(types))));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The v3 document of a group version that CRDs serve, as the apiextensions server publishes it:
     * each kind's schema (with apiVersion, kind and metadata, and its group-version-kind, by which
     * {@code kubectl explain} finds it), the built-in schemas it refers to, and each object's PATCH
     * operation with the patch types it accepts (no strategic merge patch: kubectl then sends merge
     * patches) and the {@code fieldValidation} parameter (kubectl then validates on the server).
     */
    private byte[] customV3(List<ResourceType> types) {
        ObjectNode out = F.objectNode();
        out.put("openapi", "3.0.0");
        out.putObject("info").put("title", "Kubernetes CRD Swagger").put("version", "v0.1.0");
        ObjectNode paths = out.putObject("paths");
        ObjectNode schemas = out.putObject("components").putObject("schemas");
        String objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
        for (ResourceType t : types) {
            customs.of(t).ifPresent(d -> {
                // the object's PATCH, as kubectl looks for it: which patch types and whether fieldValidation is served
                ObjectNode patch = paths.putObject("/apis/" + t.apiVersion() + (t.namespaced()
                        ? "/namespaces/{namespace}/" : "/") + t.plural() + "/{name}").putObject("patch");
                patch.put("operationId", "patch" + t.kind());
                patch.put("x-kubernetes-action", "patch");
                patch.putObject("x-kubernetes-group-version-kind").put("group", t.group()).put("version", t.version())
                        .put("kind", t.kind());
                ArrayNode parameters = patch.putArray("parameters");
                for (String q : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                    parameters.addObject().put("name", q).put("in", "query").putObject("schema")
                            .put("type", q.equals("force") ? "boolean" : "string");
                }
                ObjectNode content = patch.putObject("requestBody").putObject("content");
                for (String type : List.of("application/json-patch+json", "application/merge-patch+json",
                        "application/apply-patch+yaml")) {
                    content.putObject(type).putObject("schema").put("type", "object");
                }
                ObjectNode schema = d.schema().isObject() ? d.schema().deepCopy() : F.objectNode().put("type", "object");
                ObjectNode properties = schema.with("properties");
                properties.putObject("apiVersion").put("type", "string").put("description", "APIVersion defines the "
                        + "versioned schema of this representation of an object.");
                properties.putObject("kind").put("type", "string").put("description", "Kind is a string value "
                        + "representing the REST resource this object represents.");
                properties.putObject("metadata").putArray("allOf").addObject().put("$ref",
                        "#/components/schemas/" + objectMeta);
                schema.putArray("x-kubernetes-group-version-kind").addObject().put("group", t.group())
                        .put("version", t.version()).put("kind", t.kind());
                List<String> reversed = new java.util.ArrayList<>(List.of(t.group().split("\\.")));
                java.util.Collections.reverse(reversed);
                String name = String.join(".", reversed) + "." + t.version() + "." + t.kind();
                schemas.set(name, schema);
                patch.putObject("responses").putObject("200").putObject("content").putObject("application/json")
                        .putObject("schema").put("$ref", "#/components/schemas/" + name);
            });
        }
        addSchemas(load(), schemas, new LinkedHashSet<>(List.of(objectMeta)));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The v3 document of a group version ({@code api/v1}, {@code apis/apps/v1}), if it is served. */
    synchronized Optional<byte[]> v3(String groupVersionPath) {
        String gv = groupVersionPath.startsWith("api/") ? groupVersionPath.substring(4)
                : groupVersionPath.startsWith("apis/") ? groupVersionPath.substring(5) : null;
        if (gv != null && !ResourceTypes.byGroupVersion().containsKey(gv)) {
            List<ResourceType> custom = customs.byGroupVersion().get(gv);
            return custom == null ? Optional.empty() : Optional.of(customV3(custom));
        }
        if (gv == null) {
            return Optional.empty();
        }
        return Optional.of(v3.computeIfAbsent(groupVersionPath, k -> convert("/" + k + "/").toString()
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The paths of fields in {@code object} (an object of {@code type}, or a merge or apply patch of
     * one) that its schema does not know, as {@code fieldValidation} reports them: {@code spec.replica}.
     * Empty where the kind has no schema or a part of it keeps unknown fields.
     */
    synchronized List<String> unknownFields(ResourceType type, JsonNode object) {
        ObjectNode doc = load();
        String name = definitionName(type);
        List<String> unknown = new java.util.ArrayList<>();
        if (name != null) {
            check(doc.path("definitions"), doc.path("definitions").path(name), object, "", unknown);
        }
        return unknown;
    }

    /** The name of {@code type}'s definition in the v2 document, or null. */
    private String definitionName(ResourceType type) {
        ObjectNode doc = load();
        if (byKind == null) {
            byKind = new HashMap<>();
            doc.path("definitions").fields().forEachRemaining(e -> e.getValue().path("x-kubernetes-group-version-kind")
                    .forEach(gvk -> byKind.putIfAbsent(gvk.path("group").asText() + "/" + gvk.path("version").asText()
                            + "/" + gvk.path("kind").asText(), e.getKey())));
        }
        return byKind.get(type.group() + "/" + type.version() + "/" + type.kind());
    }

    /** The schema of {@code type}'s objects in the v2 definitions, or a missing node. */
    synchronized JsonNode schemaOf(ResourceType type) {
        String name = definitionName(type);
        return name == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : load().path("definitions").path(name);
    }

    /** The v2 document's definitions, which {@code $ref}s point into; not to be changed. */
    synchronized JsonNode definitions() {
        return load().path("definitions");
    }

    private static void check(JsonNode definitions, JsonNode declared, JsonNode value, String path, List<String> unknown) {
        JsonNode schema = declared;
        if (declared.has("$ref")) {
            String ref = declared.path("$ref").asText();
            schema = definitions.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        JsonNode resolved = schema;
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (value.isObject() && schema.has("properties")) {
            JsonNode properties = schema.path("properties");
            value.fields().forEachRemaining(e -> {
                String field = e.getKey();
                if (field.startsWith("$")) {
                    return; // strategic merge patch directives
                }
                String at = path.isEmpty() ? field : path + "." + field;
                if (!properties.has(field)) {
                    unknown.add(at);
                } else {
                    check(definitions, properties.path(field), e.getValue(), at, unknown);
                }
            });
        } else if (value.isObject() && schema.has("additionalProperties")) {
            value.fields().forEachRemaining(e -> check(definitions, resolved.path("additionalProperties"), e.getValue(),
                    path + "." + e.getKey(), unknown));
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(definitions, schema.path("items"), value.get(i), path + "[" + i + "]", unknown);
            }
        }
    }

    private ObjectNode load() {
        if (v2 != null) {
            return v2;
        }
        ObjectNode doc;
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the provider-hollow jar");
            }
            doc = (ObjectNode) Store.Json.MAPPER.readTree(new GZIPInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        ObjectNode definitions = (ObjectNode) doc.path("definitions");
        ObjectNode paths = (ObjectNode) doc.path("paths");
        for (Alias a : ALIASES) {
            for (String name : fieldNames(definitions)) {
                String to = a.toPackage() + name.substring(Math.min(name.length(), a.fromPackage().length()));
                if (name.startsWith(a.fromPackage()) && !definitions.has(to)) {
                    definitions.set(to, retarget(definitions.get(name).deepCopy(), a));
                }
            }
            for (String path : fieldNames(paths)) {
                if (path.startsWith(a.fromPath())) {
                    String to = a.toPath() + path.substring(a.fromPath().length());
                    if (!paths.has(to)) {
                        paths.set(to, retarget(paths.get(path).deepCopy(), a));
                    }
                }
            }
        }
        // only what hollow serves
        ObjectNode served = F.objectNode();
        for (String path : fieldNames(paths)) {
            if (servedPath(path)) {
                served.set(path, paths.get(path));
            }
        }
        doc.set("paths", served);
        ((ObjectNode) doc.path("info")).put("version", version);
        v2 = doc;
        return doc;
    }

    private static boolean servedPath(String path) {
        for (String gv : ResourceTypes.byGroupVersion().keySet()) {
            String prefix = gv.equals("v1") ? "/api/v1/" : "/apis/" + gv + "/";
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Rewrites references and group-version-kind tags of a copied node from the alias' old version to the new. */
    private static JsonNode retarget(JsonNode node, Alias a) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (o.path("group").asText(null) != null && o.path("group").asText().equals(a.group())
                    && o.path("version").asText().equals(a.from()) && o.has("kind")) {
                o.put("version", a.to());
            }
            for (String f : fieldNames(o)) {
                JsonNode v = o.get(f);
                if (f.equals("$ref") && v.asText().startsWith("#/definitions/" + a.fromPackage())) {
                    o.put(f, "#/definitions/" + a.toPackage() + v.asText().substring(("#/definitions/" + a.fromPackage()).length()));
                } else {
                    retarget(v, a);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> retarget(n, a));
        }
        return node;
    }

    private ObjectNode convert(String prefix) {
        ObjectNode doc = load();
        ObjectNode out = F.objectNode();
        out.put("openapi", "3.0.0");
        out.putObject("info").put("title", "Kubernetes").put("version", version);
        ObjectNode paths = out.putObject("paths");
        Set<String> refs = new LinkedHashSet<>();
        Map<String, JsonNode> sorted = new TreeMap<>();
        doc.path("paths").fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((path, item) -> {
            if (path.startsWith(prefix)) {
                paths.set(path, pathItem(item));
            }
        });
        collectRefs(paths, refs);
        addSchemas(doc, out.putObject("components").putObject("schemas"), refs);
        return out;
    }

    /** Adds the v2 definitions named {@code refs} to {@code schemas} as v3 components, and what they refer to. */
    private static void addSchemas(ObjectNode doc, ObjectNode schemas, Set<String> refs) {
        Deque<String> todo = new ArrayDeque<>(refs);
        Set<String> done = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!done.add(name)) {
                continue;
            }
            JsonNode def = doc.path("definitions").path(name);
            if (def.isMissingNode()) {
                continue;
            }
            JsonNode converted = refsToComponents(def.deepCopy());
            Set<String> more = new LinkedHashSet<>();
            collectRefs(converted, more);
            todo.addAll(more);
            schemas.set(name, converted);
        }
    }

    private static ObjectNode pathItem(JsonNode item) {
        ObjectNode out = F.objectNode();
        for (String key : fieldNames(item)) {
            JsonNode v = item.get(key);
            if (key.equals("parameters")) {
                out.set("parameters", parameters(v, null));
            } else if (List.of("get", "put", "post", "delete", "patch", "head", "options").contains(key)) {
                out.set(key, operation(key, v));
            } else {
                out.set(key, refsToComponents(v.deepCopy()));
            }
        }
        return out;
    }

    private static ObjectNode operation(String method, JsonNode op) {
        ObjectNode out = F.objectNode();
        List<String> consumes = texts(op.path("consumes"));
        for (String key : fieldNames(op)) {
            JsonNode v = op.get(key);
            switch (key) {
                case "parameters" -> {
                    ObjectNode body = F.objectNode();
                    out.set("parameters", parameters(v, body));
                    if (body.size() > 0) {
                        ObjectNode content = F.objectNode();
                        for (String type : consumes.isEmpty() ? List.of("*/*") : consumes) {
                            content.putObject(type).set("schema", body.path("schema"));
                        }
                        ObjectNode requestBody = F.objectNode();
                        requestBody.set("content", content);
                        requestBody.put("required", body.path("required").asBoolean(false));
                        out.set("requestBody", requestBody);
                    }
                }
                case "responses" -> {
                    ObjectNode responses = out.putObject("responses");
                    for (String code : fieldNames(v)) {
                        JsonNode r = v.get(code);
                        ObjectNode resp = responses.putObject(code);
                        resp.put("description", r.path("description").asText(""));
                        if (r.has("schema")) {
                            ObjectNode content = resp.putObject("content");
                            for (String type : texts(op.path("produces")).isEmpty() ? List.of("application/json")
                                    : texts(op.path("produces"))) {
                                content.putObject(type).set("schema", refsToComponents(r.get("schema").deepCopy()));
                            }
                        }
                    }
                }
                case "consumes", "produces", "schemes" -> { }
                default -> out.set(key, refsToComponents(v.deepCopy()));
            }
        }
        if (List.of("put", "post", "patch").contains(method)) {
            // hollow takes fieldValidation (kubectl then validates on the server, not from a v2 schema)
            ArrayNode params = out.withArray("parameters");
            ObjectNode p = params.addObject();
            p.put("name", "fieldValidation");
            p.put("in", "query");
            p.put("description", "fieldValidation instructs the server on how to handle objects in the request "
                    + "containing unknown or duplicate fields. Valid values are: Ignore, Warn (the default) and Strict.");
            p.putObject("schema").put("type", "string").put("uniqueItems", true);
        }
        return out;
    }

    /** v2 parameters to v3: the type moves into {@code schema}; a body parameter is handed back in {@code body}. */
    private static ArrayNode parameters(JsonNode params, ObjectNode body) {
        ArrayNode out = F.arrayNode();
        for (JsonNode p : params) {
            if (p.path("in").asText().equals("body")) {
                if (body != null) {
                    body.set("schema", refsToComponents(p.path("schema").deepCopy()));
                    body.put("required", p.path("required").asBoolean(false));
                }
                continue;
            }
            ObjectNode q = out.addObject();
            q.put("name", p.path("name").asText());
            q.put("in", p.path("in").asText());
            if (p.has("description")) {
                q.put("description", p.path("description").asText());
            }
            if (p.path("required").asBoolean(false)) {
                q.put("required", true);
            }
            ObjectNode schema = q.putObject("schema");
            schema.put("type", p.path("type").asText("string"));
            if (p.path("uniqueItems").asBoolean(false)) {
                schema.put("uniqueItems", true);
            }
        }
        return out;
    }

    private static JsonNode refsToComponents(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (String f : fieldNames(o)) {
                JsonNode v = o.get(f);
                if (f.equals("$ref") && v.asText().startsWith("#/definitions/")) {
                    o.put(f, "#/components/schemas/" + v.asText().substring("#/definitions/".length()));
                } else {
                    refsToComponents(v);
                }
            }
        } else if (node.isArray()) {
            node.forEach(OpenApi::refsToComponents);
        }
        return node;
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().asText().startsWith("#/components/schemas/")) {
                    refs.add(e.getValue().asText().substring("#/components/schemas/".length()));
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String hash(byte[] doc) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(doc));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }
}
