package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of field paths of an object, in the tree form of {@code managedFields[].fieldsV1}: each
 * child is one path element ({@code f:<field>}, {@code k:<key JSON>} for a list item by its keys,
 * {@code v:<value JSON>} for a set item, {@code i:<index>}), and {@code member} says that the path to
 * this node itself is in the set (serialized as {@code ".": {}} beside children, or as the empty
 * object of a leaf), as structured-merge-diff's {@code fieldpath.Set} does.
 */
final class FieldSet {

    /** Path elements in structured-merge-diff's order: field names, then keys, then values, then indexes. */
    private static final Comparator<String> ORDER = Comparator.comparingInt(FieldSet::rank)
            .thenComparing(Comparator.naturalOrder());

    private boolean member;
    private final TreeMap<String, FieldSet> children = new TreeMap<>(ORDER);

    private static int rank(String element) {
        return switch (element.charAt(0)) {
            case 'f' -> 0;
            case 'k' -> 1;
            case 'v' -> 2;
            default -> 3;
        };
    }

    /** The child node of path element {@code element}, added when absent. */
    FieldSet child(String element) {
        return children.computeIfAbsent(element, e -> new FieldSet());
    }

    /** The child node of path element {@code element}, or null. */
    FieldSet get(String element) {
        return children.get(element);
    }

    Map<String, FieldSet> children() {
        return children;
    }

    boolean member() {
        return member;
    }

    void member(boolean value) {
        member = value;
    }

    /** Whether the set holds no path at all. */
    boolean isEmpty() {
        if (member) {
            return false;
        }
        for (FieldSet c : children.values()) {
            if (!c.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Whether this path or any path below it is in the set. */
    boolean anyAtOrBelow() {
        return !isEmpty();
    }

    FieldSet copy() {
        FieldSet out = new FieldSet();
        out.member = member;
        children.forEach((k, v) -> out.children.put(k, v.copy()));
        return out;
    }

    /** This set with every path of {@code other} added. */
    FieldSet union(FieldSet other) {
        FieldSet out = copy();
        out.addAll(other);
        return out;
    }

    private void addAll(FieldSet other) {
        member |= other.member;
        other.children.forEach((k, v) -> child(k).addAll(v));
    }

    /** The paths of this set that are not in {@code other}. */
    FieldSet difference(FieldSet other) {
        FieldSet out = new FieldSet();
        out.member = member && (other == null || !other.member);
        children.forEach((k, v) -> {
            FieldSet d = v.difference(other == null ? null : other.children.get(k));
            if (!d.isEmpty()) {
                out.children.put(k, d);
            }
        });
        return out;
    }

    /** The paths in both sets. */
    FieldSet intersection(FieldSet other) {
        FieldSet out = new FieldSet();
        if (other == null) {
            return out;
        }
        out.member = member && other.member;
        children.forEach((k, v) -> {
            FieldSet o = other.children.get(k);
            if (o != null) {
                FieldSet i = v.intersection(o);
                if (!i.isEmpty()) {
                    out.children.put(k, i);
                }
            }
        });
        return out;
    }

    /** Every path of the set, each as its list of path elements, in the set's order. */
    List<List<String>> paths() {
        List<List<String>> out = new ArrayList<>();
        collect(new ArrayList<>(), out);
        return out;
    }

    private void collect(List<String> prefix, List<List<String>> out) {
        if (member) {
            out.add(List.copyOf(prefix));
        }
        children.forEach((k, v) -> {
            prefix.add(k);
            v.collect(prefix, out);
            prefix.remove(prefix.size() - 1);
        });
    }

    /** The node at {@code path}, or null. */
    FieldSet at(List<String> path) {
        FieldSet node = this;
        for (String e : path) {
            node = node.children.get(e);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet f && f.member == member && f.children.equals(children);
    }

    @Override
    public int hashCode() {
        return children.hashCode() * 31 + (member ? 1 : 0);
    }

    /** The {@code fieldsV1} form. */
    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (member && !children.isEmpty()) {
            out.putObject(".");
        }
        children.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.set(k, v.toJson());
            }
        });
        return out;
    }

    /**
     * Reads a {@code fieldsV1} tree.
     *
     * @throws IllegalArgumentException when it is not one
     */
    static FieldSet fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("fieldsV1 must be an object");
        }
        FieldSet out = new FieldSet();
        if (json.isEmpty()) {
            out.member = true;
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.equals(".")) {
                out.member = true;
            } else if (k.length() > 2 && k.charAt(1) == ':' && "fkvi".indexOf(k.charAt(0)) >= 0) {
                out.children.put(k, fromJson(e.getValue()));
            } else {
                throw new IllegalArgumentException("unknown path element " + k);
            }
        }
        return out;
    }

    /**
     * A path as the API server prints it in conflicts: {@code .spec.template.spec.containers[name="c"].image},
     * {@code .metadata.finalizers[="x"]}, {@code .spec.args[0]}.
     */
    static String describe(List<String> path) {
        StringBuilder out = new StringBuilder();
        for (String e : path) {
            String rest = e.substring(2);
            switch (e.charAt(0)) {
                case 'f' -> out.append('.').append(rest);
                case 'v' -> out.append("[=").append(rest).append(']');
                case 'i' -> out.append('[').append(rest).append(']');
                default -> {
                    List<String> parts = new ArrayList<>();
                    try {
                        Store.Json.MAPPER.readTree(rest).fields()
                                .forEachRemaining(f -> parts.add(f.getKey() + "=" + f.getValue()));
                    } catch (java.io.IOException ex) {
                        parts.add(rest);
                    }
                    out.append('[').append(String.join(",", parts)).append(']');
                }
            }
        }
        return out.toString();
    }
}
