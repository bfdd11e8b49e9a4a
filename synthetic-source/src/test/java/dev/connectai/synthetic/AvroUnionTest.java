package dev.connectai.synthetic;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Avro unions of several non-null types, as Confluent's AvroData represents them in Connect. */
class AvroUnionTest {

    static final String SCHEMA = """
            {"type": "record", "name": "Event", "namespace": "shop", "fields": [
              {"name": "code", "type": ["null", "string", "int"]},
              {"name": "payload", "type": ["string", {"type": "record", "name": "Click", "fields": [
                  {"name": "x", "type": "int"}, {"name": "y", "type": "int"}]}]},
              {"name": "level", "type": [{"type": "enum", "name": "Level", "symbols": ["LOW", "HIGH"]}, "long"]}]}""";

    /** The union's value as the Avro datum AvroConverter would write: the one field that is set. */
    private static Object branch(Struct union) {
        Object chosen = null;
        int set = 0;
        for (Field f : union.schema().fields()) {
            if (union.get(f) != null) {
                set++;
                chosen = union.get(f);
            }
        }
        assertThat(set).as("exactly one branch of %s", union).isEqualTo(1);
        return chosen;
    }

    @Test
    void eachRecordSetsOneBranchOfTheUnionStructAndIsAValidAvroDatum() throws Exception {
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(SCHEMA);
        List<SourceRecord> records = SyntheticFixtures.take(
                SyntheticFixtures.task(Map.of("schema.type", "avro", "schema", SCHEMA, "null.rate", "0.2"), 0, 1, null),
                1000);
        SyntheticFixtures.assertValid(records, null);
        Schema code = records.get(0).valueSchema().field("code").schema();
        assertThat(code.name()).isEqualTo(AvroCompiler.UNION_STRUCT);
        assertThat(code.isOptional()).isTrue();
        assertThat(code.fields()).extracting(Field::name).containsExactly("string", "int");
        Schema payload = records.get(0).valueSchema().field("payload").schema();
        assertThat(payload.isOptional()).isFalse();
        assertThat(payload.fields()).extracting(Field::name).containsExactly("string", "Click");
        assertThat(records.get(0).valueSchema().field("level").schema().fields()).extracting(Field::name)
                .containsExactly("Level", "long");
        Set<String> seen = new HashSet<>();
        int nulls = 0;
        for (SourceRecord r : records) {
            Struct v = (Struct) r.value();
            GenericRecord datum = new GenericData.Record(avro);
            if (v.get("code") == null) {
                nulls++;
                datum.put("code", null);
            } else {
                Object c = branch(v.getStruct("code"));
                seen.add("code:" + c.getClass().getSimpleName());
                datum.put("code", c);
            }
            Object p = branch(v.getStruct("payload"));
            seen.add("payload:" + p.getClass().getSimpleName());
            if (p instanceof Struct click) {
                GenericRecord c = new GenericData.Record(avro.getField("payload").schema().getTypes().get(1));
                c.put("x", click.get("x"));
                c.put("y", click.get("y"));
                p = c;
            }
            datum.put("payload", p);
            Object level = branch(v.getStruct("level"));
            seen.add("level:" + level.getClass().getSimpleName());
            datum.put("level", level instanceof String s
                    ? new GenericData.EnumSymbol(avro.getField("level").schema().getTypes().get(0), s) : level);
            assertThat(GenericData.get().validate(avro, datum)).as("%s", datum).isTrue();
        }
        assertThat(seen).containsExactlyInAnyOrder("code:String", "code:Integer", "payload:String",
                "payload:Struct", "level:String", "level:Long");
        assertThat(nulls).isBetween(120, 280);
    }

    @Test
    void aRecursiveBranchEndsAtTheDepthBoundThroughTheOtherBranches() throws Exception {
        String tree = """
                {"type": "record", "name": "Node", "fields": [
                  {"name": "next", "type": ["string", "Node"]}]}""";
        List<SourceRecord> records = SyntheticFixtures.take(SyntheticFixtures.task(
                Map.of("schema.type", "avro", "schema", tree, "recursion.max.depth", "2"), 0, 1, null), 200);
        SyntheticFixtures.assertValid(records, null);
        assertThat(records).anySatisfy(r -> assertThat(((Struct) r.value()).getStruct("next").get("Node")).isNotNull());
    }
}
