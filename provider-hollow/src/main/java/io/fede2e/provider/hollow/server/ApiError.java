package io.fede2e.provider.hollow.server;

/** An API failure, answered as a {@code Status} object the way the real API server words it. */
final class ApiError extends RuntimeException {

    private final int code;
    private final String reason;
    private final String kind;
    private final String name;
    private final java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> causes;

    ApiError(int code, String reason, String message, String kind, String name) {
        this(code, reason, message, kind, name, java.util.List.of());
    }

    private ApiError(int code, String reason, String message, String kind, String name,
            java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> causes) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.kind = kind;
        this.name = name;
        this.causes = causes;
    }

    /** The {@code details.causes} of the Status, when they are not derived from the message. */
    java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> causes() {
        return causes;
    }

    /** A server-side apply refused for fields other managers own: one cause per field. */
    static ApiError applyConflict(String message, java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> causes) {
        return new ApiError(409, "Conflict", message, null, null, java.util.List.copyOf(causes));
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }

    String kind() {
        return kind;
    }

    String name() {
        return name;
    }

    static ApiError notFound(ResourceType type, String name) {
        return new ApiError(404, "NotFound", type.qualifiedName() + " \"" + name + "\" not found", type.plural(), name);
    }

    static ApiError namespaceNotFound(String namespace) {
        return new ApiError(404, "NotFound", "namespaces \"" + namespace + "\" not found", "namespaces", namespace);
    }

    static ApiError alreadyExists(ResourceType type, String name) {
        return new ApiError(409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists",
                type.plural(), name);
    }

    static ApiError conflict(ResourceType type, String name) {
        return new ApiError(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedName() + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again",
                type.plural(), name);
    }

    static ApiError conflict(ResourceType type, String name, String why) {
        return new ApiError(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedName() + " \"" + name
                + "\": " + why, type.plural(), name);
    }

    static ApiError terminating(ResourceType type, String name, String namespace) {
        return new ApiError(403, "Forbidden", type.qualifiedName() + " \"" + name
                + "\" is forbidden: unable to create new content in namespace " + namespace
                + " because it is being terminated", type.plural(), name);
    }

    static ApiError invalid(ResourceType type, String name, String why) {
        return new ApiError(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + why, type.plural(), name);
    }

    /**
     * A 422 listing each {@code "field: message"} error, as the real API server joins a field error
     * list; {@link HollowDispatcher#statusJson} turns each into a {@code details.causes} entry.
     */
    static ApiError invalid(ResourceType type, String name, java.util.List<String> errors) {
        return invalid(type, name, errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequest", message, null, null);
    }

    static ApiError gone(String message) {
        return new ApiError(410, "Expired", message, null, null);
    }

    static ApiError pathNotFound(String path) {
        return new ApiError(404, "NotFound", "the server could not find the requested resource (" + path + ")",
                null, null);
    }

    static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource ("
                + method + " " + path + ")", null, null);
    }
}
