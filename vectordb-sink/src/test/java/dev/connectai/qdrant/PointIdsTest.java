package dev.connectai.qdrant;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.connectai.toolkit.record.FieldPath;
import io.qdrant.client.grpc.Common.PointId;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointIdsTest {

    private static PointId key(Object key) {
        return PointIds.fromKey(key);
    }

    /** The name-based UUID every release so far gave a hashed string key. */
    private static PointId legacyHash(String text) {
        return PointId.newBuilder().setUuid(
                UUID.nameUUIDFromBytes(("connect-ai:" + text).getBytes(StandardCharsets.UTF_8)).toString()).build();
    }

    @Test
    void leadingZerosAreAnotherKey() {
        assertThat(key("7").getNum()).isEqualTo(7L);
        assertThat(key(7).getNum()).isEqualTo(7L);
        assertThat(key(7L)).isEqualTo(key("7"));
        assertThat(key("007").hasUuid()).isTrue();
        assertThat(key("007")).isNotEqualTo(key("7")).isEqualTo(key("007"));
        assertThat(key("0").getNum()).isZero();
        assertThat(key("00")).isNotEqualTo(key("0"));
        assertThat(key("+7")).isNotEqualTo(key("7"));
    }

    @Test
    void whitespaceIsPartOfTheKey() {
        assertThat(key(" 8 ")).isNotEqualTo(key("8"));
        assertThat(key(" 8 ")).isNotEqualTo(key("8 ")).isNotEqualTo(key(" 8"));
        assertThat(key(" 8 ")).isEqualTo(key(" 8 ")).isEqualTo(legacyHash(" 8 "));
        assertThatThrownBy(() -> key("   ")).isInstanceOf(DataException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> key("")).isInstanceOf(DataException.class).hasMessageContaining("empty string");
    }

    @Test
    void bytesThatAreNotUtf8HashTheirRawBytes() {
        byte[] a = {(byte) 0xFF, 'k'};
        byte[] b = {(byte) 0xFE, 'k'};
        // StringConverter reads both as one string.
        assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo(new String(b, StandardCharsets.UTF_8));
        assertThat(key(a)).isNotEqualTo(key(b));
        assertThat(key(a)).isEqualTo(key(a.clone()));
        assertThat(key(java.nio.ByteBuffer.wrap(a))).isEqualTo(key(a));
        assertThat(key("7".getBytes(StandardCharsets.UTF_8)).getNum()).isEqualTo(7L);
        assertThat(key("doc-a".getBytes(StandardCharsets.UTF_8))).isEqualTo(key("doc-a"));
        // A raw byte key never meets the string of any hashed key.
        assertThat(key(a)).isNotEqualTo(key(new String(a, StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aStringKeyHoldingTheReplacementCharacterGoesToTheDlq() {
        String decoded = new String(new byte[] {(byte) 0xFF, 'x'}, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> key(decoded)).isInstanceOf(DataException.class)
                .hasMessageContaining("U+FFFD").hasMessageContaining("ByteArrayConverter");
        // Field values come from converters that reject invalid UTF-8, so U+FFFD there is real text.
        assertThat(PointIds.fromValue(decoded, "id field 'x'").hasUuid()).isTrue();
    }

    @Test
    void onlyCanonicalUuidsPassThrough() {
        String uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assertThat(key(uuid).getUuid()).isEqualTo(uuid);
        PointId upper = key(uuid.toUpperCase());
        assertThat(upper).isNotEqualTo(key(uuid)).isEqualTo(legacyHash(uuid.toUpperCase()));
        assertThat(key(uuid.replace("-", ""))).isNotEqualTo(key(uuid));
        assertThat(key("{" + uuid + "}")).isNotEqualTo(key(uuid));
        // UUID.fromString would read this as 00000001-0001-0001-0001-000000000001.
        assertThat(key("1-1-1-1-1")).isNotEqualTo(key("00000001-0001-0001-0001-000000000001"));
    }

    @Test
    void numbersUpToU64AreNumeric() {
        assertThat(key("18446744073709551615").getNum()).isEqualTo(-1L);
        assertThat(PointIds.text(key("18446744073709551615"))).isEqualTo("18446744073709551615");
        assertThat(key("18446744073709551616").hasUuid()).isTrue();
        assertThat(key("9223372036854775808").getNum()).isEqualTo(Long.MIN_VALUE);
        assertThat(key(-5L)).isEqualTo(key("-5")).isEqualTo(legacyHash("-5"));
        assertThat(key(1.5)).isEqualTo(legacyHash("1.5"));
    }

    @Test
    void compositeKeysAreTypedAndOrderFree() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", "x");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "x");
        ba.put("a", 1);
        assertThat(key(ab)).isEqualTo(key(ba));
        Map<String, Object> textual = new HashMap<>(Map.of("a", "1", "b", "x"));
        assertThat(key(textual)).isNotEqualTo(key(ab));
        // Separators inside values cannot imitate other fields.
        Map<String, Object> injected = new HashMap<>(Map.of("a", "x;b=y", "c", "z"));
        Map<String, Object> plain = new HashMap<>(Map.of("a", "x", "b", "y", "c", "z"));
        assertThat(key(injected)).isNotEqualTo(key(plain));
        Schema schema = SchemaBuilder.struct().field("b", Schema.STRING_SCHEMA).field("a", Schema.INT32_SCHEMA).build();
        assertThat(key(new Struct(schema).put("a", 1).put("b", "x"))).isEqualTo(key(ab));
        assertThat(key(List.of(1, 2))).isNotEqualTo(key(List.of(2, 1))).isNotEqualTo(key(List.of("1", "2")));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("a", null);
        withNull.put("b", "x");
        Map<String, Object> withNullText = new HashMap<>(Map.of("a", "null", "b", "x"));
        assertThat(key(withNull)).isNotEqualTo(key(withNullText));
        Schema one = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        assertThat(key(new Struct(one).put("id", 9L)).getNum()).isEqualTo(9L);
    }

    @Test
    void hashOfPlainFieldsKeepsItsIdsAndTypedTuplesStayApart() {
        Map<String, Object> v = new HashMap<>();
        v.put("sku", "A-1");
        v.put("n", 3);
        List<FieldPath> skuN = List.of(FieldPath.parse("sku"), FieldPath.parse("n"));
        assertThat(PointIds.fromFields(v, null, skuN)).isEqualTo(legacyHash("A-1\u00003"));
        Map<String, Object> nul = new HashMap<>();
        nul.put("sku", null);
        nul.put("n", 3);
        Map<String, Object> nulText = new HashMap<>(Map.of("sku", "null", "n", 3));
        assertThat(PointIds.fromFields(nul, null, skuN)).isNotEqualTo(PointIds.fromFields(nulText, null, skuN));
        Map<String, Object> nulByte = new HashMap<>(Map.of("sku", "a\u0000b", "n", "c"));
        Map<String, Object> split = new HashMap<>(Map.of("sku", "a", "n", "b\u0000c"));
        assertThat(PointIds.fromFields(nulByte, null, skuN)).isNotEqualTo(PointIds.fromFields(split, null, skuN));
        assertThat(PointIds.fromFields(nulByte, null, skuN)).isEqualTo(PointIds.fromFields(
                new HashMap<>(Map.of("sku", "a\u0000b", "n", "c")), null, skuN));
    }
}
