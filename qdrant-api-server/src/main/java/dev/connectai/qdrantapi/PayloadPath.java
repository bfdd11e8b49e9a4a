package dev.connectai.qdrantapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.qdrant.client.grpc.JsonWithInt.Struct;
import io.qdrant.client.grpc.JsonWithInt.Value;

/**
 * A payload key as Qdrant reads it: dots descend into objects ({@code a.b}), {@code a[]} spreads an array and
 * {@code a[0]} picks one element. Arrays met on the way are spread as well, and the values found are returned with
 * a final array spread into its elements, which is what gives "an array matches if any element matches".
 */
final class PayloadPath {

    private static final int ALL = -1;
    private static final int NONE = -2;

    private final List<String> names = new ArrayList<>();
    private final List<Integer> selectors = new ArrayList<>();

    private PayloadPath(String key) {
        for (String part : key.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            if (bracket >= 0 && part.endsWith("]")) {
                String inside = part.substring(bracket + 1, part.length() - 1);
                names.add(part.substring(0, bracket));
                selectors.add(inside.isEmpty() ? ALL : parseIndex(key, inside));
            } else {
                names.add(part);
                selectors.add(NONE);
            }
        }
    }

    private static int parseIndex(String key, String inside) {
        try {
            return Integer.parseInt(inside);
        } catch (NumberFormatException e) {
            throw QdrantErrors.invalidArgument("Invalid payload key: " + key);
        }
    }

    static PayloadPath of(String key) {
        return new PayloadPath(key);
    }

    /** Every value at this path; missing keys give nothing, a stored null gives a null value. */
    List<Value> values(Map<String, Value> payload) {
        List<Value> current = new ArrayList<>();
        current.add(Value.newBuilder().setStructValue(Struct.newBuilder().putAllFields(payload)).build());
        for (int i = 0; i < names.size(); i++) {
            List<Value> next = new ArrayList<>();
            for (Value v : current) {
                collectField(v, names.get(i), next);
            }
            current = select(next, selectors.get(i));
        }
        List<Value> out = new ArrayList<>();
        for (Value v : current) {
            if (v.hasListValue()) {
                out.addAll(v.getListValue().getValuesList());
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private static void collectField(Value v, String name, List<Value> into) {
        if (v.hasStructValue()) {
            Value field = v.getStructValue().getFieldsMap().get(name);
            if (field != null) {
                into.add(field);
            }
        } else if (v.hasListValue()) {
            for (Value element : v.getListValue().getValuesList()) {
                collectField(element, name, into);
            }
        }
    }

    private static List<Value> select(List<Value> values, int selector) {
        if (selector == NONE) {
            return values;
        }
        List<Value> out = new ArrayList<>();
        for (Value v : values) {
            if (!v.hasListValue()) {
                continue;
            }
            List<Value> elements = v.getListValue().getValuesList();
            if (selector == ALL) {
                out.addAll(elements);
            } else if (selector < elements.size()) {
                out.add(elements.get(selector));
            }
        }
        return out;
    }

    /** The payload without the value at this path (objects only; array steps are not followed). */
    Map<String, Value> removeFrom(Map<String, Value> payload) {
        return removeFrom(payload, 0);
    }

    private Map<String, Value> removeFrom(Map<String, Value> obj, int depth) {
        String name = names.get(depth);
        if (!obj.containsKey(name)) {
            return obj;
        }
        Map<String, Value> out = new LinkedHashMap<>(obj);
        if (depth == names.size() - 1) {
            out.remove(name);
            return out;
        }
        Value inner = obj.get(name);
        if (inner.hasStructValue()) {
            Map<String, Value> changed = removeFrom(inner.getStructValue().getFieldsMap(), depth + 1);
            out.put(name, Value.newBuilder().setStructValue(Struct.newBuilder().putAllFields(changed)).build());
        }
        return out;
    }

    /** Only the value at this path, nested back under its keys (for with_payload include lists). */
    Map<String, Value> extractFrom(Map<String, Value> payload) {
        Value current = Value.newBuilder().setStructValue(Struct.newBuilder().putAllFields(payload)).build();
        for (int i = 0; i < names.size(); i++) {
            if (!current.hasStructValue() || selectors.get(i) != NONE) {
                return Map.of();
            }
            current = current.getStructValue().getFieldsMap().get(names.get(i));
            if (current == null) {
                return Map.of();
            }
        }
        Value nested = current;
        for (int i = names.size() - 1; i > 0; i--) {
            nested = Value.newBuilder().setStructValue(Struct.newBuilder().putFields(names.get(i), nested)).build();
        }
        return Map.of(names.get(0), nested);
    }

    /** Deep merge of two extracted fragments, so include lists with a shared prefix combine. */
    static Map<String, Value> deepMerge(Map<String, Value> a, Map<String, Value> b) {
        Map<String, Value> out = new LinkedHashMap<>(a);
        for (Map.Entry<String, Value> e : b.entrySet()) {
            Value left = out.get(e.getKey());
            if (left != null && left.hasStructValue() && e.getValue().hasStructValue()) {
                Map<String, Value> merged = deepMerge(left.getStructValue().getFieldsMap(),
                        e.getValue().getStructValue().getFieldsMap());
                out.put(e.getKey(), Value.newBuilder().setStructValue(Struct.newBuilder().putAllFields(merged))
                        .build());
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
