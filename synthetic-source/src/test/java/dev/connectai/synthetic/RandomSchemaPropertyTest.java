package dev.connectai.synthetic;

import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Property: for randomly built (satisfiable) JSON Schemas, every generated record passes a real JSON Schema
 * validator and Connect's own validation. 150 schemas, 25 records each, fixed seed so a failure reproduces.
 */
class RandomSchemaPropertyTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void whateverIsValidGeneratesOnlyValidRecords() throws Exception {
        Random r = new Random(20261122);
        for (int i = 0; i < 150; i++) {
            ObjectNode schema = object(r, 0);
            String text = schema.toString();
            List<SourceRecord> records = SyntheticFixtures.take(
                    SyntheticFixtures.task(Map.of("schema", text, "seed", Integer.toString(i)), 0, 1, null), 25);
            try {
                SyntheticFixtures.assertValid(records, schema);
            } catch (AssertionError e) {
                throw new AssertionError("schema #" + i + ": " + text, e);
            }
        }
    }

    private static ObjectNode object(Random r, int depth) {
        ObjectNode s = F.objectNode().put("type", "object");
        ObjectNode props = s.putObject("properties");
        var required = s.putArray("required");
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String name = "f" + i;
            props.set(name, field(r, depth));
            if (r.nextBoolean()) {
                required.add(name);
            }
        }
        return s;
    }

    private static ObjectNode field(Random r, int depth) {
        int kind = r.nextInt(depth < 2 ? 9 : 7);
        ObjectNode s = F.objectNode();
        switch (kind) {
            case 0 -> {
                long min = r.nextInt(1000) - 500;
                s.put("type", "integer").put("minimum", min).put("maximum", min + r.nextInt(1000));
                if (r.nextBoolean()) {
                    s.put("multipleOf", 1 + r.nextInt(3));
                    s.put("maximum", min + 10 + r.nextInt(1000));
                }
            }
            case 1 -> {
                double min = r.nextInt(100);
                s.put("type", "number").put(r.nextBoolean() ? "minimum" : "exclusiveMinimum", min)
                        .put(r.nextBoolean() ? "maximum" : "exclusiveMaximum", min + 1 + r.nextInt(100));
            }
            case 2 -> {
                int minLen = r.nextInt(5);
                s.put("type", "string").put("minLength", minLen).put("maxLength", minLen + r.nextInt(20));
            }
            case 3 -> {
                var e = s.put("type", "string").putArray("enum");
                for (int i = 0; i < 1 + r.nextInt(4); i++) {
                    e.add("v" + i);
                }
            }
            case 4 -> s.put("type", "string").put("format",
                    List.of("email", "uuid", "date", "date-time", "uri", "ipv4", "hostname").get(r.nextInt(7)));
            case 5 -> s.put("type", "string").put("pattern", List.of("^[A-Z]{2}[0-9]{3}$", "^[a-f0-9]{8}$",
                    "^(red|green|blue)$").get(r.nextInt(3)));
            case 6 -> {
                s.putArray("type").add(List.of("string", "integer", "boolean").get(r.nextInt(3))).add("null");
            }
            case 7 -> {
                int min = r.nextInt(3);
                s.put("type", "array").put("minItems", min).put("maxItems", min + r.nextInt(4));
                s.set("items", field(r, depth + 1));
            }
            default -> {
                return object(r, depth + 1);
            }
        }
        return s;
    }
}
