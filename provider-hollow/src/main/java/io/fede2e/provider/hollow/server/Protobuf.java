package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes protobuf wire format ({@code application/vnd.kubernetes.protobuf}) to and from the
 * JSON form the store keeps, with the official messages of {@code io.kubernetes:client-java-proto}.
 *
 * <p>A body is the 4-byte magic {@code k8s\0} and a {@code runtime.Unknown} whose {@code typeMeta}
 * names the kind and whose {@code raw} holds the object's message (which carries no apiVersion or
 * kind itself). The two forms differ where Go types marshal themselves: IntOrString (an int or a
 * string in JSON, a tagged message in protobuf), Quantity ({@code "100m"} vs a message holding that
 * string), Time and MicroTime (RFC 3339 text vs seconds and nanos), Duration (Go text like
 * {@code 1m30s} vs nanoseconds), RawExtension and FieldsV1 (embedded JSON vs raw bytes), and the
 * structs Go inlines into their parent's JSON (a Volume's VolumeSource, a Probe's handler, ...).
 */
final class Protobuf {

    /** The media type kubectl and client-go send for built-in kinds. */
    static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final String PROTO_PACKAGE = "io.kubernetes.client.proto.";
    private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    private static final String TIME = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
    private static final String MICRO_TIME = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";
    private static final String DURATION = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration";
    private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";
    private static final String FIELDS_V1 = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1";
    private static final String VERBS = "k8s.io.apimachinery.pkg.apis.meta.v1.Verbs";
    /**
     * Fields whose struct Go marshals inline ({@code json:",inline"}) into the parent's JSON: these
     * names wherever they occur (a ConfigMap reference's LocalObjectReference, a Volume's VolumeSource,
     * ...), found by scanning every message of client-java-proto for a field named after its type.
     */
    private static final Set<String> INLINE_NAMES = Set.of("localObjectReference", "volumeSource",
            "persistentVolumeSource", "ephemeralContainerCommon", "ingressRuleValue");
    /** The inlined field whose name is not its type's: a Probe's ProbeHandler. */
    private static final String PROBE_HANDLER = "k8s.io.api.core.v1.Probe.handler";
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Optional<Message>> PROTOTYPES = new ConcurrentHashMap<>();

    private Protobuf() {
    }

    /** Whether {@code body} starts with the protobuf magic. */
    static boolean isProtobuf(byte[] body) {
        return body != null && body.length >= MAGIC.length && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Whether a client that sent {@code accept} can read only protobuf, not JSON. */
    static boolean onlyProtobuf(String accept) {
        if (accept == null || !accept.contains(MEDIA_TYPE)) {
            return false;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")
                    || type.equals("application/yaml")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The JSON form of a protobuf body, with {@code apiVersion} and {@code kind} from its envelope.
     *
     * @throws ApiError 400 when the body is no Kubernetes protobuf, 415 when its kind has no message here
     */
    static ObjectNode decode(byte[] body) {
        if (!isProtobuf(body)) {
            throw ApiError.badRequest("the protobuf request body does not start with the k8s\\0 magic; send "
                    + MEDIA_TYPE + " as kubectl does, or JSON");
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw ApiError.badRequest("the protobuf request body is not a runtime.Unknown envelope: " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        Message prototype = prototype(apiVersion, kind).orElseThrow(() -> new ApiError(415, "UnsupportedMediaType",
                "the server has no protobuf message for " + kind + " " + apiVersion + "; send it as JSON", null, null));
        Message message;
        try {
            message = prototype.getParserForType().parseFrom(unknown.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw ApiError.badRequest("the protobuf body is not a valid " + kind + " " + apiVersion + ": " + e.getMessage());
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("apiVersion", apiVersion);
        json.put("kind", kind);
        toJson(message, json);
        return json;
    }

    /** The protobuf form of a JSON object that names its {@code apiVersion} and {@code kind}, if a message exists for it. */
    static Optional<byte[]> encode(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        Optional<Message> prototype = prototype(apiVersion, kind);
        if (prototype.isEmpty()) {
            return Optional.empty();
        }
        Message.Builder builder = prototype.get().newBuilderForType();
        fromJson(object, builder);
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(builder.build().toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build();
        byte[] payload = unknown.toByteArray();
        byte[] out = new byte[MAGIC.length + payload.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(payload, 0, out, MAGIC.length, payload.length);
        return Optional.of(out);
    }

    /** The message class of a kind: {@code apps/v1 Deployment} is {@code V1Apps$Deployment}; meta kinds are in {@code Meta}. */
    private static Optional<Message> prototype(String apiVersion, String kind) {
        return PROTOTYPES.computeIfAbsent(apiVersion + "/" + kind, k -> {
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
            String outer = capitalize(version) + (group.isEmpty() ? "" : capitalize(group.split("\\.")[0]));
            for (String name : List.of(outer, "Meta")) {
                Optional<Message> m = load(PROTO_PACKAGE + name + "$" + kind);
                if (m.isPresent()) {
                    return m;
                }
            }
            return Optional.empty();
        });
    }

    private static Optional<Message> load(String className) {
        try {
            Class<?> c = Class.forName(className);
            if (!Message.class.isAssignableFrom(c)) {
                return Optional.empty();
            }
            return Optional.of((Message) c.getMethod("getDefaultInstance").invoke(null));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load protobuf message " + className, e);
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean isInline(Descriptor d, FieldDescriptor f) {
        return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()
                && (INLINE_NAMES.contains(f.getName()) || PROBE_HANDLER.equals(d.getFullName() + "." + f.getName()));
    }

    // ---- protobuf -> JSON

    private static void toJson(Message message, ObjectNode out) {
        Descriptor d = message.getDescriptorForType();
        for (FieldDescriptor f : d.getFields()) {
            if (f.isRepeated() ? message.getRepeatedFieldCount(f) == 0 : !message.hasField(f)) {
                continue;
            }
            if (isInline(d, f)) {
                toJson((Message) message.getField(f), out);
                continue;
            }
            if (f.isMapField()) {
                ObjectNode map = out.putObject(f.getJsonName());
                for (Object entry : (List<?>) message.getField(f)) {
                    Message e = (Message) entry;
                    FieldDescriptor key = e.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor value = e.getDescriptorForType().findFieldByName("value");
                    map.set(String.valueOf(e.getField(key)), value(value, e.getField(value)));
                }
            } else if (f.isRepeated()) {
                ArrayNode array = out.putArray(f.getJsonName());
                for (Object v : (List<?>) message.getField(f)) {
                    array.add(value(f, v));
                }
            } else {
                out.set(f.getJsonName(), value(f, message.getField(f)));
            }
        }
    }

    private static JsonNode value(FieldDescriptor f, Object v) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        return switch (f.getJavaType()) {
            case INT -> n.numberNode((Integer) v);
            case LONG -> n.numberNode((Long) v);
            case FLOAT -> n.numberNode((Float) v);
            case DOUBLE -> n.numberNode((Double) v);
            case BOOLEAN -> n.booleanNode((Boolean) v);
            case STRING -> n.textNode((String) v);
            case BYTE_STRING -> n.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case ENUM -> n.textNode(String.valueOf(v));
            case MESSAGE -> messageValue((Message) v);
        };
    }

    private static JsonNode messageValue(Message m) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        Descriptor d = m.getDescriptorForType();
        switch (d.getFullName()) {
            case INT_OR_STRING -> {
                long type = (Long) m.getField(d.findFieldByName("type"));
                return type == 1 ? n.textNode((String) m.getField(d.findFieldByName("strVal")))
                        : n.numberNode((Integer) m.getField(d.findFieldByName("intVal")));
            }
            case QUANTITY -> {
                return n.textNode((String) m.getField(d.findFieldByName("string")));
            }
            case TIME -> {
                Instant t = Instant.ofEpochSecond((Long) m.getField(d.findFieldByName("seconds")));
                return n.textNode(DateTimeFormatter.ISO_INSTANT.format(t));
            }
            case MICRO_TIME -> {
                Instant t = Instant.ofEpochSecond((Long) m.getField(d.findFieldByName("seconds")),
                        (Integer) m.getField(d.findFieldByName("nanos")));
                return n.textNode(MICRO.format(t.atOffset(ZoneOffset.UTC)).replace("+00:00", "Z"));
            }
            case DURATION -> {
                return n.textNode(formatDuration((Long) m.getField(d.findFieldByName("duration"))));
            }
            case RAW_EXTENSION -> {
                return raw(((ByteString) m.getField(d.findFieldByName("raw"))).toByteArray());
            }
            case FIELDS_V1 -> {
                return raw(((ByteString) m.getField(d.findFieldByName("Raw"))).toByteArray());
            }
            case VERBS -> {
                ArrayNode items = n.arrayNode();
                ((List<?>) m.getField(d.findFieldByName("items"))).forEach(v -> items.add((String) v));
                return items;
            }
            default -> {
                ObjectNode o = n.objectNode();
                toJson(m, o);
                return o;
            }
        }
    }

    private static JsonNode raw(byte[] bytes) {
        if (bytes.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (isProtobuf(bytes)) {
            return decode(bytes);
        }
        try {
            return Store.Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("an embedded object (RawExtension) is neither JSON nor protobuf: " + e.getMessage());
        }
    }

    // ---- JSON -> protobuf

    private static void fromJson(JsonNode json, Message.Builder builder) {
        Descriptor d = builder.getDescriptorForType();
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getValue().isNull()) {
                continue;
            }
            FieldDescriptor f = d.findFieldByName(e.getKey());
            if (f == null) {
                f = byJsonName(d, e.getKey());
            }
            if (f != null && !isInline(d, f)) {
                set(builder, f, e.getValue());
                continue;
            }
            // a field of an inlined struct: it goes into that struct's message
            for (FieldDescriptor inline : d.getFields()) {
                if (isInline(d, inline)) {
                    Descriptor sub = inline.getMessageType();
                    FieldDescriptor target = sub.findFieldByName(e.getKey());
                    if (target != null) {
                        set(builder.getFieldBuilder(inline), target, e.getValue());
                    }
                }
            }
            // anything else (apiVersion and kind, which the envelope carries) has no field: dropped
        }
    }

    private static FieldDescriptor byJsonName(Descriptor d, String name) {
        for (FieldDescriptor f : d.getFields()) {
            if (f.getJsonName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static void set(Message.Builder builder, FieldDescriptor f, JsonNode v) {
        if (f.isMapField()) {
            Descriptor entry = f.getMessageType();
            FieldDescriptor key = entry.findFieldByName("key");
            FieldDescriptor value = entry.findFieldByName("value");
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Message.Builder eb = builder.newBuilderForField(f);
                eb.setField(key, e.getKey());
                if (!e.getValue().isNull()) {
                    eb.setField(value, scalar(eb, value, e.getValue()));
                }
                builder.addRepeatedField(f, eb.build());
            }
        } else if (f.isRepeated()) {
            if (!v.isArray()) {
                throw ApiError.badRequest("field " + f.getJsonName() + " must be a list");
            }
            for (JsonNode item : v) {
                builder.addRepeatedField(f, scalar(builder, f, item));
            }
        } else {
            builder.setField(f, scalar(builder, f, v));
        }
    }

    private static Object scalar(Message.Builder parent, FieldDescriptor f, JsonNode v) {
        return switch (f.getJavaType()) {
            case INT -> v.asInt();
            case LONG -> v.asLong();
            case FLOAT -> (float) v.asDouble();
            case DOUBLE -> v.asDouble();
            case BOOLEAN -> v.asBoolean();
            case STRING -> v.isTextual() ? v.asText() : v.toString();
            case BYTE_STRING -> ByteString.copyFrom(Base64.getDecoder().decode(v.asText()));
            case ENUM -> f.getEnumType().findValueByName(v.asText());
            case MESSAGE -> message(parent.newBuilderForField(f), v);
        };
    }

    private static Message message(Message.Builder b, JsonNode v) {
        Descriptor d = b.getDescriptorForType();
        switch (d.getFullName()) {
            case INT_OR_STRING -> {
                if (v.isNumber()) {
                    b.setField(d.findFieldByName("type"), 0L);
                    b.setField(d.findFieldByName("intVal"), v.asInt());
                } else {
                    b.setField(d.findFieldByName("type"), 1L);
                    b.setField(d.findFieldByName("strVal"), v.asText());
                }
            }
            case QUANTITY -> b.setField(d.findFieldByName("string"), v.isNumber() ? v.decimalValue().toPlainString()
                    : v.asText());
            case TIME, MICRO_TIME -> {
                Instant t = parseTime(v.asText());
                b.setField(d.findFieldByName("seconds"), t.getEpochSecond());
                b.setField(d.findFieldByName("nanos"), d.getFullName().equals(TIME) ? 0 : t.getNano());
            }
            case DURATION -> b.setField(d.findFieldByName("duration"), parseDuration(v.asText()));
            case RAW_EXTENSION -> b.setField(d.findFieldByName("raw"), rawBytes(v));
            case FIELDS_V1 -> b.setField(d.findFieldByName("Raw"), rawBytes(v));
            case VERBS -> v.forEach(verb -> b.addRepeatedField(d.findFieldByName("items"), verb.asText()));
            default -> {
                if (!v.isObject()) {
                    throw ApiError.badRequest("a " + d.getName() + " must be an object, not " + v.getNodeType());
                }
                fromJson(v, b);
            }
        }
        return b.build();
    }

    private static ByteString rawBytes(JsonNode v) {
        try {
            return ByteString.copyFrom(Store.Json.MAPPER.writeValueAsBytes(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an embedded object", e);
        }
    }

    private static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("time '" + text + "' is not RFC 3339, like 2006-01-02T15:04:05Z");
        }
    }

    /** Go's {@code time.Duration.String()}: {@code 1h0m0s}, {@code 1m30s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    static String formatDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        BigDecimal d = BigDecimal.valueOf(nanos).abs();
        if (d.compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
            if (d.compareTo(BigDecimal.valueOf(1_000L)) < 0) {
                return sign + d.toPlainString() + "ns";
            }
            if (d.compareTo(BigDecimal.valueOf(1_000_000L)) < 0) {
                return sign + plain(d.movePointLeft(3)) + "µs";
            }
            return sign + plain(d.movePointLeft(6)) + "ms";
        }
        BigDecimal[] hours = d.divideAndRemainder(BigDecimal.valueOf(3_600_000_000_000L));
        BigDecimal[] minutes = hours[1].divideAndRemainder(BigDecimal.valueOf(60_000_000_000L));
        StringBuilder sb = new StringBuilder(sign);
        if (hours[0].signum() > 0) {
            sb.append(hours[0].toPlainString()).append('h');
        }
        if (hours[0].signum() > 0 || minutes[0].signum() > 0) {
            sb.append(minutes[0].toPlainString()).append('m');
        }
        return sb.append(plain(minutes[1].movePointLeft(9))).append('s').toString();
    }

    private static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    /** Go's {@code time.ParseDuration} in nanoseconds. */
    static long parseDuration(String text) {
        String s = text.trim();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = DURATION_PART.matcher(s);
        int at = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (at < s.length() && m.find(at) && m.start() == at && !m.group(1).isEmpty() && !m.group(1).equals(".")) {
            BigDecimal unit = switch (m.group(2)) {
                case "ns" -> BigDecimal.ONE;
                case "us", "µs", "μs" -> BigDecimal.valueOf(1_000L);
                case "ms" -> BigDecimal.valueOf(1_000_000L);
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                default -> BigDecimal.valueOf(3_600_000_000_000L);
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(unit));
            at = m.end();
        }
        if (at != s.length() || s.isEmpty()) {
            throw ApiError.badRequest("duration '" + text + "' is not a Go duration like 300ms, 1.5s or 1h2m3s");
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }
}
