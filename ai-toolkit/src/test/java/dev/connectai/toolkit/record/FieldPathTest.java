package dev.connectai.toolkit.record;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPathTest {

    private static final Schema DOC = SchemaBuilder.struct().field("body", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    private static final Schema ROOT = SchemaBuilder.struct().field("doc", DOC).field("n", Schema.INT32_SCHEMA).build();

    @Test
    void resolvesNestedStructFields() {
        Struct root = new Struct(ROOT).put("doc", new Struct(DOC).put("body", "hello")).put("n", 1);
        FieldPath.Resolved r = FieldPath.parse("doc.body").resolve(root, ROOT);
        assertThat(r.exists()).isTrue();
        assertThat(r.value()).isEqualTo("hello");
        assertThat(r.schema().type()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void nullParentIsPresentButNullWhenTheSchemaHasTheField() {
        Struct root = new Struct(ROOT).put("n", 1);
        FieldPath.Resolved r = FieldPath.parse("doc.body").resolve(root, ROOT);
        assertThat(r.exists()).isTrue();
        assertThat(r.value()).isNull();
        assertThat(FieldPath.parse("doc.title").resolve(root, ROOT).problem()).contains("'doc.title' does not exist");
    }

    @Test
    void resolvesMapsAndReportsMissingAndNonContainers() {
        Map<String, Object> doc = new HashMap<>();
        doc.put("body", null);
        Map<String, Object> root = Map.of("doc", doc, "n", 3);
        assertThat(FieldPath.parse("doc.body").resolve(root, null).exists()).isTrue();
        assertThat(FieldPath.parse("doc.title").resolve(root, null).problem()).contains("'doc.title' does not exist");
        assertThat(FieldPath.parse("n.x").resolve(root, null).problem()).contains("'n' is an INTEGER");
    }

    @Test
    void rejectsEmptySegments() {
        assertThatThrownBy(() -> FieldPath.parse("a..b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> FieldPath.parse(" ")).hasMessageContaining("must not be empty");
    }
}
