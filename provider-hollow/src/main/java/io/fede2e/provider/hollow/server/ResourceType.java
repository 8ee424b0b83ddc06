package io.fede2e.provider.hollow.server;

import java.util.List;
import java.util.Objects;

/**
 * One kind of object the server stores, as the API names it.
 *
 * @param group the API group, empty for the core group
 * @param version the API version, for example {@code v1}
 * @param plural the resource name in paths, for example {@code pods}
 * @param kind the object kind, for example {@code Pod}
 * @param namespaced whether objects live in a namespace
 * @param statusSubresource whether {@code status} is a subresource (the main resource keeps it)
 * @param subresources the other subresources (for example {@code scale})
 */
record ResourceType(String group, String version, String plural, String kind, boolean namespaced,
        boolean statusSubresource, List<String> subresources) {

    ResourceType {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(kind, "kind");
        subresources = List.copyOf(subresources);
    }

    /** {@code v1} or {@code apps/v1}. */
    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code pods} or {@code deployments.apps}, as error messages name the resource. */
    String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The singular name, as discovery lists it. */
    String singular() {
        return kind.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return apiVersion() + "/" + plural;
    }
}
