package dev.connectai.toolkit.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One node of a parsed JSON Schema ({@link JsonSchema}), immutable. Every kind carries {@link Facets} (where it was
 * written, what it said about null, enum/const, annotations); the kind adds what only it has. {@code $ref}s are
 * already resolved: a node reached through one records the reference in {@link Facets#ref()}.
 */
public sealed interface SchemaNode {

    Facets facets();

    default String path() {
        return facets().path();
    }

    default boolean nullable() {
        return facets().nullable();
    }

    /**
     * What any node may say. {@code declaredType} is the {@code type} keyword as written (null if absent);
     * {@code keywords} are the node's keywords in document order; {@code extensions} the {@code x-} keywords.
     * JSON values come out as copies (Jackson hands out scalars as they are), so the tree cannot be changed.
     */
    record Facets(String path, List<String> keywords, JsonNode declaredType, boolean nullable, String ref,
                  String title, String description, JsonNode examples, JsonNode defaultValue,
                  List<JsonNode> enumValues, JsonNode constValue, Map<String, JsonNode> extensions) {

        public boolean typeDeclared() {
            return declaredType != null;
        }

        @Override
        public JsonNode declaredType() {
            return copy(declaredType);
        }

        @Override
        public JsonNode examples() {
            return copy(examples);
        }

        @Override
        public JsonNode defaultValue() {
            return copy(defaultValue);
        }

        @Override
        public List<JsonNode> enumValues() {
            return enumValues == null ? null : enumValues.stream().map(Facets::copy).toList();
        }

        @Override
        public JsonNode constValue() {
            return copy(constValue);
        }

        @Override
        public Map<String, JsonNode> extensions() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            extensions.forEach((k, v) -> out.put(k, v.deepCopy()));
            return out;
        }

        public JsonNode extension(String name) {
            return copy(extensions.get(name));
        }

        private static JsonNode copy(JsonNode n) {
            return n == null ? null : n.deepCopy();
        }
    }

    /** What {@code additionalProperties} allows; a schema given there is recorded but not read. */
    enum Extra { UNSPECIFIED, ALLOWED, FORBIDDEN, SCHEMA }

    record ObjectSchema(Facets facets, Map<String, SchemaNode> properties, Set<String> required, Extra additional)
            implements SchemaNode {
    }

    /**
     * {@code prefixItems} (2020-12's tuple; empty when there is none) hold the first items in order, {@code items}
     * the rest: null when only a tuple is given, which says nothing of further items.
     */
    record ArraySchema(Facets facets, SchemaNode items, List<SchemaNode> prefixItems, Integer minItems,
                       Integer maxItems, boolean uniqueItems) implements SchemaNode {
    }

    record StringSchema(Facets facets, String format, String pattern, Integer minLength, Integer maxLength)
            implements SchemaNode {
    }

    /** {@code integer} or {@code number}; bounds are null where the schema sets none. */
    record NumberSchema(Facets facets, boolean integer, Double minimum, Double maximum, Double exclusiveMinimum,
                        Double exclusiveMaximum, Double multipleOf) implements SchemaNode {
    }

    record BooleanSchema(Facets facets) implements SchemaNode {
    }

    /** {@code oneOf} (or {@code anyOf}) branches; the schema's other keywords beside them are not read. */
    record UnionSchema(Facets facets, List<SchemaNode> branches) implements SchemaNode {
    }

    /**
     * A schema that pins no single type: no {@code type} and nothing to infer one from, or several non-null types.
     * Kept rather than refused so each reader says in its own words what it needs instead.
     */
    record UntypedSchema(Facets facets) implements SchemaNode {

        /** Whether 'type' was written (as several types, or none), rather than left out. */
        public boolean severalTypes() {
            return facets.typeDeclared();
        }
    }
}
