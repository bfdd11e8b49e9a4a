package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.config.ParsingValidator;
import dev.connectai.toolkit.record.FieldPath;
import org.apache.kafka.common.config.ConfigDef;

/** Parses {@code name:path,name:path} lists such as named vector settings, keeping their order. */
final class NamedPaths {

    private NamedPaths() {
    }

    static Map<String, FieldPath> parse(List<String> entries) {
        Map<String, FieldPath> out = new LinkedHashMap<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry + "' is not name:field.path");
            }
            String name = entry.substring(0, colon).trim();
            if (out.containsKey(name)) {
                throw new IllegalArgumentException("vector name '" + name + "' is given twice");
            }
            out.put(name, FieldPath.parse(entry.substring(colon + 1)));
        }
        return out;
    }

    /** Checks a {@code name:path} list setting with {@link #parse}, so a malformed entry fails validation. */
    static ConfigDef.Validator validator() {
        return ParsingValidator.list(NamedPaths::parse, "name:field.path entries, each name once");
    }

    static List<FieldPath> paths(List<String> entries) {
        List<FieldPath> out = new ArrayList<>();
        for (String e : entries) {
            if (!e.trim().isEmpty()) {
                out.add(FieldPath.parse(e));
            }
        }
        return out;
    }
}
