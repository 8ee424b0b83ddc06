package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes quantities as the long integers the scheduler counts with. */
final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {}

    static void requireQuantity(String name, String value) {
        try {
            new Quantity(value).getNumericalAmount();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    name + " '" + value + "' is not a Kubernetes quantity: use e.g. \"4\", \"500m\" or \"16Gi\"",
                    e);
        }
    }

    /** Millicores of a cpu quantity, 0 when absent or malformed. */
    static long milliCpu(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        try {
            return quantity.getNumericalAmount().multiply(THOUSAND).setScale(0, java.math.RoundingMode.CEILING)
                    .longValueExact();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Bytes (or plain units) of a quantity, 0 when absent or malformed. */
    static long units(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        try {
            return quantity.getNumericalAmount().setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static long milliCpu(Map<String, Quantity> resources) {
        return resources == null ? 0 : milliCpu(resources.get("cpu"));
    }

    static long memory(Map<String, Quantity> resources) {
        return resources == null ? 0 : units(resources.get("memory"));
    }
}
