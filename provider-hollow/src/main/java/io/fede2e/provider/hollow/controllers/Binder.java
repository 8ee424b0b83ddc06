package io.fede2e.provider.hollow.controllers;

/** Binds a pod through the pods/binding subresource, as kube-scheduler does (fabric8 has no verb for it). */
final class Binder {

    private final ControllerContext ctx;

    Binder(ControllerContext ctx) {
        this.ctx = ctx;
    }

    /** Returns false when the pod is gone or no longer bindable (deleted, or bound meanwhile). */
    boolean bind(String namespace, String name, String uid, String node) {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":"
                + ctx.json(name) + ",\"namespace\":" + ctx.json(namespace) + ",\"uid\":" + ctx.json(uid)
                + "},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":" + ctx.json(node) + "}}";
        int code = ctx.raw.post("api/v1/namespaces/" + RawApi.encode(namespace) + "/pods/" + RawApi.encode(name)
                + "/binding", body, 404, 409, 410);
        return code < 300;
    }
}
