package io.fede2e.provider.api;

import java.util.Objects;

/**
 * Something a cluster can do that some e2e tests need. Well-known names are constants;
 * providers may offer others (lowercase, dash-separated).
 *
 * @param name the capability's name, as tests name it in {@code @RequiresCapability}
 */
public record Capability(String name) implements Comparable<Capability> {

    /** Containers really run: logs and exec work. */
    public static final Capability CONTAINER_RUNTIME = new Capability("container-runtime");
    /** Pods reach each other over the network. */
    public static final Capability POD_NETWORK = new Capability("pod-network");
    /** Cluster DNS resolves Services. */
    public static final Capability DNS = new Capability("dns");
    /** Services of type LoadBalancer get an external address. */
    public static final Capability LOAD_BALANCER = new Capability("load-balancer");
    /** Nodes can be reached over SSH. */
    public static final Capability NODE_SSH = new Capability("node-ssh");
    /** The API server authorizes with RBAC. */
    public static final Capability RBAC = new Capability("rbac");

    public Capability {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("capability '" + name
                    + "' must be lowercase letters, digits and dashes");
        }
    }

    /** The capability of that name. */
    public static Capability of(String name) {
        return new Capability(name);
    }

    @Override
    public int compareTo(Capability other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
