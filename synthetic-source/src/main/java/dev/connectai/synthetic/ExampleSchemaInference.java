package dev.connectai.synthetic;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Infers a JSON Schema from one example record: types from the values, formats from the shapes of strings
 * (email, uuid, date, date-time, uri, ipv4), every present field required. Generation then follows that schema.
 */
final class ExampleSchemaInference {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[a-zA-Z]{2,}$");
    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3}\\.){3}\\d{1,3}$");

    private ExampleSchemaInference() {
    }

    static ObjectNode infer(JsonNode example) {
        if (!example.isObject()) {
            throw new SchemaProblem("$", "the example must be a JSON object");
        }
        return node(example, "$");
    }

    private static ObjectNode node(JsonNode v, String path) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        if (v.isObject()) {
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            var required = s.putArray("required");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    props.putObject(e.getKey()).putArray("type").add("string").add("null");
                    continue;
                }
                props.set(e.getKey(), node(e.getValue(), path + "." + e.getKey()));
                required.add(e.getKey());
            }
        } else if (v.isArray()) {
            s.put("type", "array");
            s.set("items", v.isEmpty() ? JsonNodeFactory.instance.objectNode().put("type", "string") : node(v.get(0), path + "[]"));
            s.put("minItems", 0);
            s.put("maxItems", Math.max(3, v.size()));
        } else if (v.isIntegralNumber()) {
            long n = v.asLong();
            s.put("type", "integer").put("minimum", Math.min(0, n)).put("maximum", Math.max(n * 2, 100));
        } else if (v.isNumber()) {
            double d = v.asDouble();
            s.put("type", "number").put("minimum", Math.min(0, d)).put("maximum", Math.max(d * 2, 100));
        } else if (v.isBoolean()) {
            s.put("type", "boolean");
        } else {
            s.put("type", "string");
            String text = v.asText();
            String format = format(text);
            if (format != null) {
                s.put("format", format);
            }
        }
        return s;
    }

    private static String format(String text) {
        if (EMAIL.matcher(text).matches()) {
            return "email";
        }
        if (UUID.matcher(text).matches()) {
            return "uuid";
        }
        if (IPV4.matcher(text).matches()) {
            return "ipv4";
        }
        if (text.startsWith("http://") || text.startsWith("https://")) {
            return "uri";
        }
        try {
            LocalDate.parse(text);
            return "date";
        } catch (DateTimeParseException ignored) {
            // not a date
        }
        try {
            Instant.parse(text);
            return "date-time";
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }
}
