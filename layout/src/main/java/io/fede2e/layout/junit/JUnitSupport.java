package io.fede2e.layout.junit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

final class JUnitSupport {

    private JUnitSupport() {
    }

    static Map<String, Double> numeric(Map<String, String> properties) {
        TreeMap<String, Double> out = new TreeMap<>();
        properties.forEach((k, v) -> {
            try {
                double d = Double.parseDouble(v.trim());
                if (Double.isFinite(d)) {
                    out.put(k, d);
                }
            } catch (NumberFormatException ignored) {
                // not a metric: a plain text property
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
