package io.fede2e.ginkgo;

import java.util.Objects;

/**
 * One spec of a Ginkgo suite.
 *
 * @param name the spec's full name exactly as upstream writes it in its junit report: the texts of
 *     its containers and of its {@code It} joined by single spaces (a text's own trailing space
 *     kept, so some names hold two spaces in a row)
 * @param location where the spec is declared ({@code file.go:123}), empty when unknown
 */
record Spec(String name, String location) {

    Spec {
        Objects.requireNonNull(name, "name");
        location = location == null ? "" : location;
    }
}
