package dev.connectai.it;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a resource against a CustomResourceDefinition version's {@code openAPIV3Schema} the way the Kubernetes API
 * server does for structural schemas: {@code required}, {@code type} (a number written with a decimal point, even 2.0, is
 * not an integer: stricter than the API server, which takes 2.0), {@code enum},
 * {@code minimum}/{@code maximum}, {@code pattern}, {@code oneOf}/{@code anyOf}, {@code x-kubernetes-int-or-string},
 * map values through {@code additionalProperties}, and unknown fields rejected unless the object says
 * {@code x-kubernetes-preserve-unknown-fields: true} (the API server prunes them silently, or refuses them under
 * {@code kubectl --validate=strict}; either way the setting is lost). The root {@code metadata} is checked as
 * Kubernetes' ObjectMeta, which CRD schemas leave open. Null values are reported: Kubernetes prunes them unless the
 * schema says {@code nullable}.
 *
 * <p>Not evaluated: {@code x-kubernetes-validations} (CEL rules). A schema keyword this class does not know fails the
 * check instead of being skipped, so a newer CRD cannot pass for the wrong reason.
 *
 * <p>Every violation names its JSON path, e.g. {@code $.spec.build.plugins[0].artifacts[0].type}.
 */
final class CrdSchemaValidator {

    /** Deeper than any Strimzi schema (about 15 levels); guards against a cyclic or hostile document. */
    static final int MAX_DEPTH = 64;

    private static final Set<String> KNOWN_KEYWORDS = Set.of("type", "properties", "items", "additionalProperties",
            "required", "enum", "minimum", "maximum", "pattern", "oneOf", "anyOf", "nullable",
            "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
            // annotations and rules that do not constrain the value here
            "description", "example", "default", "x-kubernetes-validations");

    /** ObjectMeta fields a client may send (Kubernetes API reference, ObjectMeta v1 meta). */
    private static final Set<String> OBJECT_META_FIELDS = Set.of("name", "generateName", "namespace", "labels",
            "annotations", "finalizers", "ownerReferences", "uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");
    /** RFC 1123 subdomain, what Kubernetes requires of most object names. */
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** RFC 1123 label, what Kubernetes requires of namespace names. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final JsonNode schema;

    CrdSchemaValidator(JsonNode openApiV3Schema) {
        this.schema = openApiV3Schema;
    }

    /** The violations of one resource document, each {@code "<json path>: <what is wrong>"}; empty when valid. */
    List<String> validate(JsonNode resource) {
        List<String> out = new ArrayList<>();
        check(schema, resource, "$", 0, true, out);
        if (resource.isObject()) {
            checkObjectMeta(resource.get("metadata"), out);
        }
        return out;
    }

    private void check(JsonNode s, JsonNode v, String path, int depth, boolean structural, List<String> out) {
        if (depth > MAX_DEPTH) {
            out.add(path + ": nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!KNOWN_KEYWORDS.contains(keyword)) {
                throw new IllegalStateException("schema keyword '" + keyword + "' at " + path
                        + " is not supported by " + CrdSchemaValidator.class.getSimpleName() + "; add it");
            }
        }
        if (v.isNull()) {
            if (!s.path("nullable").asBoolean(false)) {
                out.add(path + ": null is not allowed (Kubernetes prunes it; leave the field out)");
            }
            return;
        }
        boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        if (intOrString && !(v.isIntegralNumber() || v.isTextual())) {
            out.add(path + ": must be an integer or a string, found " + kind(v));
            return;
        }
        if (s.has("type") && !hasType(v, s.get("type").asText())) {
            out.add(path + ": must be of type " + s.get("type").asText() + ", found " + kind(v));
            return;
        }
        if (s.has("enum")) {
            boolean listed = false;
            for (JsonNode e : s.get("enum")) {
                listed |= e.equals(v);
            }
            if (!listed) {
                out.add(path + ": " + v + " is not one of " + s.get("enum"));
            }
        }
        if (v.isNumber()) {
            if (s.has("minimum") && v.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
                out.add(path + ": " + v + " is below the minimum " + s.get("minimum"));
            }
            if (s.has("maximum") && v.decimalValue().compareTo(s.get("maximum").decimalValue()) > 0) {
                out.add(path + ": " + v + " is above the maximum " + s.get("maximum"));
            }
        }
        if (v.isTextual() && s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) {
            out.add(path + ": '" + v.asText() + "' does not match the pattern " + s.get("pattern").asText());
        }
        if (s.has("oneOf")) {
            int matched = matchingBranches(s.get("oneOf"), v, path, depth);
            if (matched != 1) {
                out.add(path + ": must match exactly one of " + branches(s.get("oneOf")) + ", matches " + matched);
            }
        }
        if (s.has("anyOf") && matchingBranches(s.get("anyOf"), v, path, depth) == 0) {
            out.add(path + ": must match at least one of " + branches(s.get("anyOf")));
        }
        if (v.isObject()) {
            checkObject(s, v, path, depth, structural, out);
        } else if (v.isArray() && s.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(s.get("items"), v.get(i), path + "[" + i + "]", depth + 1, structural, out);
            }
        }
    }

    private void checkObject(JsonNode s, JsonNode v, String path, int depth, boolean structural, List<String> out) {
        for (JsonNode name : s.path("required")) {
            if (!v.has(name.asText())) {
                out.add(path + "." + name.asText() + ": required property is missing");
            }
        }
        JsonNode properties = s.path("properties");
        JsonNode additional = s.get("additionalProperties");
        boolean preserveUnknown = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (depth == 0 && field.getKey().equals("metadata")) {
                continue; // ObjectMeta: checked by checkObjectMeta, CRD schemas leave it open
            }
            String child = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), child, depth + 1, structural, out);
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), child, depth + 1, structural, out);
            } else if (structural && !preserveUnknown) {
                out.add(child + ": unknown field (not in the schema, and the object does not preserve unknown fields)");
            }
        }
    }

    /**
     * Branches of oneOf/anyOf in a structural schema only add value checks (mostly {@code required}) to properties the
     * parent already declares, so they are checked without the unknown-field rule.
     */
    private int matchingBranches(JsonNode branches, JsonNode v, String path, int depth) {
        int matched = 0;
        for (JsonNode branch : branches) {
            List<String> errors = new ArrayList<>();
            check(branch, v, path, depth + 1, false, errors);
            if (errors.isEmpty()) {
                matched++;
            }
        }
        return matched;
    }

    private static String branches(JsonNode branches) {
        List<String> out = new ArrayList<>();
        for (JsonNode b : branches) {
            out.add(b.has("required") ? "required " + b.get("required") : b.has("type") ? "type " + b.get("type").asText()
                    : b.toString());
        }
        return out.toString();
    }

    private static void checkObjectMeta(JsonNode meta, List<String> out) {
        if (meta == null || !meta.isObject()) {
            out.add("$.metadata: required object is missing");
            return;
        }
        meta.fieldNames().forEachRemaining(f -> {
            if (!OBJECT_META_FIELDS.contains(f)) {
                out.add("$.metadata." + f + ": unknown field (not in ObjectMeta)");
            }
        });
        JsonNode name = meta.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            out.add("$.metadata.name: required string is missing");
        } else if (name.asText().length() > 253 || !DNS_SUBDOMAIN.matcher(name.asText()).matches()) {
            out.add("$.metadata.name: '" + name.asText() + "' is not an RFC 1123 subdomain (lower case, digits, '-', '.')");
        }
        JsonNode namespace = meta.get("namespace");
        if (namespace != null && (!namespace.isTextual() || namespace.asText().length() > 63
                || !DNS_LABEL.matcher(namespace.asText()).matches())) {
            out.add("$.metadata.namespace: " + namespace + " is not an RFC 1123 label");
        }
        for (String map : List.of("labels", "annotations")) {
            JsonNode m = meta.get(map);
            if (m == null) {
                continue;
            }
            if (!m.isObject()) {
                out.add("$.metadata." + map + ": must be of type object, found " + kind(m));
                continue;
            }
            m.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    out.add("$.metadata." + map + "." + e.getKey() + ": must be a string (quote it), found "
                            + kind(e.getValue()));
                }
            });
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> throw new IllegalStateException("unknown schema type '" + type + "'");
        };
    }

    private static String kind(JsonNode v) {
        if (v.isIntegralNumber()) {
            return "integer " + v;
        }
        if (v.isNumber()) {
            return "number " + v;
        }
        if (v.isTextual()) {
            return "string '" + v.asText() + "'";
        }
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
