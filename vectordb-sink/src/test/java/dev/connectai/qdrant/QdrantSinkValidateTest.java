package dev.connectai.qdrant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every config the sink would reject at start is rejected by {@code validate} (what Connect's validate endpoint
 * calls), on the key at fault and with the same message start() fails with.
 */
class QdrantSinkValidateTest {

    /** Nothing listens there: validate reports the URL as unreachable, which these tests ignore. */
    private static final String URL = "http://127.0.0.1:1";

    private static Map<String, String> props(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", QdrantSinkConnector.class.getName());
        p.put("topics", "docs");
        p.put(QdrantSinkConfig.URL, URL);
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new QdrantSinkConnector().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty() && !v.name().equals(QdrantSinkConfig.URL))
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    /** The one error validate reports is on {@code key}, and starting the connector fails with that message. */
    private static void rejectedOn(Map<String, String> props, String key, String... fragments) {
        Map<String, List<String>> errors = errors(props);
        assertThat(errors).containsOnlyKeys(key);
        assertThat(errors.get(key)).hasSize(1);
        String message = errors.get(key).get(0);
        for (String f : fragments) {
            assertThat(message).contains(f);
        }
        assertThatThrownBy(() -> new QdrantSinkConnector().start(props))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aSoundConfigHasNoErrorsButTheUnreachableUrl() {
        assertThat(errors(props())).isEmpty();
        assertThat(errors(props("embed.input.field", "body", "chunk.size.tokens", "128", "model.name",
                "all-minilm-l6-v2-q"))).isEmpty();
        assertThat(errors(props("model.provider", "openai", "model.name", "text-embedding-3-large"))).isEmpty();
    }

    @Test
    void skipUnchangedTakesABooleanAndIsReportedOnItsKey() {
        assertThat(errors(props("embed.input.field", "body", QdrantSinkConfig.EMBED_SKIP_UNCHANGED, "false"))).isEmpty();
        assertThat(errors(props("embed.input.field", "body", QdrantSinkConfig.EMBED_SKIP_UNCHANGED, "sometimes")))
                .containsOnlyKeys(QdrantSinkConfig.EMBED_SKIP_UNCHANGED);
    }

    @Test
    void unknownLocalModelNamesTheCatalogue() {
        rejectedOn(props("embed.input.field", "body", "model.name", "all-mpnet-base-v2"), "model.name",
                "unknown local model 'all-mpnet-base-v2'", "use one of all-minilm-l6-v2, all-minilm-l6-v2-q");
    }

    @Test
    void overlapMustBeSmallerThanTheChunk() {
        rejectedOn(props("embed.input.field", "body", "chunk.size.tokens", "64", "chunk.overlap.tokens", "64"),
                "chunk.overlap.tokens", "must be smaller than chunk.size.tokens (64)");
    }

    @Test
    void chunkingNeedsEmbedding() {
        rejectedOn(props("chunk.size.tokens", "128"), "chunk.size.tokens",
                "chunking needs embed.input.field or embed.input.template");
    }

    @Test
    void embedFieldAndTemplateExcludeEachOther() {
        rejectedOn(props("embed.input.field", "body", "embed.input.template", "{title} {body}"),
                "embed.input.template", "set either embed.input.field or embed.input.template, not both");
    }

    @Test
    void fieldIdsNeedTheField() {
        rejectedOn(props("id.strategy", "field"), "id.field", "is required when id.strategy=field");
    }

    @Test
    void hashIdsNeedFields() {
        rejectedOn(props("id.strategy", "hash"), "id.hash.fields", "is required when id.strategy=hash");
    }

    @Test
    void malformedNamedVectorsAreReportedOnTheirOwnKey() {
        rejectedOn(props("vector.named", "title:title_vec,body"), "vector.named", "'body' is not name:field.path");
        rejectedOn(props("vector.sparse", "kw:a,kw:b"), "vector.sparse", "vector name 'kw' is given twice");
        rejectedOn(props("vector.multi", "colbert:"), "vector.multi", "'colbert:' is not name:field.path");
    }

    @Test
    void unclosedTemplate() {
        rejectedOn(props("embed.input.template", "Title: {title"), "embed.input.template",
                "template has an unclosed '{' at position 7");
    }

    @Test
    void someVectorMustBeConfigured() {
        rejectedOn(props("vector.field", ""), "vector.field", "no vectors configured",
                "set vector.field, vector.named, vector.sparse or vector.multi, or embed.input.field or "
                        + "embed.input.template to embed text in the sink");
        assertThat(errors(props("vector.field", "", "vector.sparse", "kw:keywords"))).isEmpty();
        assertThat(errors(props("vector.field", "", "embed.input.field", "body"))).isEmpty();
    }

    @Test
    void payloadIndexesAreCheckedFullyWithTheQdrantTypesListed() {
        String types = "keyword, integer, float, geo, text, bool, datetime, uuid";
        rejectedOn(props("collection.payload.indexes", "category:keyword,year:integr"), "collection.payload.indexes",
                "'year:integr': 'integr' is not a Qdrant payload index type; use one of " + types);
        rejectedOn(props("collection.payload.indexes", "category"), "collection.payload.indexes",
                "'category' is not field:type (type one of " + types + ")");
        rejectedOn(props("collection.payload.indexes", "a:keyword,a:text"), "collection.payload.indexes",
                "field 'a' is given twice");
        assertThat(errors(props("collection.payload.indexes", "category:Keyword, year:integer,at:datetime,"
                + "loc:geo,id:uuid,ok:bool,score:float,body:text"))).isEmpty();
    }

    @Test
    void emptyCollectionName() {
        rejectedOn(props("collection.name", " "), "collection.name", "must not be empty");
    }

    @Test
    void everyFaultIsReportedAtOnce() {
        Map<String, List<String>> errors = errors(props("id.strategy", "field", "chunk.size.tokens", "100",
                "chunk.overlap.tokens", "200", "collection.payload.indexes", "x:nope"));
        assertThat(errors).containsOnlyKeys("id.field", "chunk.size.tokens", "chunk.overlap.tokens",
                "collection.payload.indexes");
    }

    @Test
    void aModelFromAPathIsCheckedOnItsOwnKeys(@TempDir Path dir) throws IOException {
        String onnx = Files.writeString(dir.resolve("model.onnx"), "onnx").toString();
        String tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}").toString();
        assertThat(errors(props("embed.input.field", "body", "model.path", onnx, "model.tokenizer.path", tokenizer,
                "model.name", "my-bge", "model.pooling", "cls"))).isEmpty();
        rejectedOn(props("embed.input.field", "body", "model.path", onnx), "model.tokenizer.path",
                "model.tokenizer.path is required with model.path");
        rejectedOn(props("embed.input.field", "body", "model.path", dir.resolve("gone.onnx").toString(),
                "model.tokenizer.path", tokenizer), "model.path", "no readable file there");
        rejectedOn(props("embed.input.field", "body", "model.path", onnx, "model.tokenizer.path", tokenizer,
                "model.name", "all-minilm-l6-v2"), "model.path", "is a shipped model and model.path names a file");
        rejectedOn(props("embed.input.field", "body", "model.path", onnx, "model.tokenizer.path", tokenizer,
                "model.pooling", "max"), "model.pooling", "model.pooling");
    }

    /** A config with BM25 on (and the in-sink embedding it needs), plus {@code kv}. */
    private static Map<String, String> bm25(String... kv) {
        Map<String, String> p = props(QdrantSinkConfig.EMBED_FIELD, "body", QdrantSinkConfig.BM25_VECTOR, "bm25");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void soundBm25SettingsHaveNoErrors() {
        assertThat(errors(bm25())).isEmpty();
        assertThat(errors(bm25("sparse.bm25.language", "German", "sparse.bm25.stemming", "NONE",
                "sparse.bm25.stopwords", "none", "sparse.bm25.k1", "0", "sparse.bm25.b", "1",
                "sparse.bm25.avg.length", "40", "chunk.size.tokens", "128"))).isEmpty();
    }

    @Test
    void bm25ChoicesComeFromTheEnums() {
        // Kafka's CaseInsensitiveValidString lists the choices in upper case.
        rejectedOn(bm25("sparse.bm25.language", "klingon"), "sparse.bm25.language", "klingon", "ENGLISH", "GERMAN");
        rejectedOn(bm25("sparse.bm25.stemming", "porter"), "sparse.bm25.stemming", "porter", "SNOWBALL", "NONE");
        rejectedOn(bm25("sparse.bm25.stopwords", "nltk"), "sparse.bm25.stopwords", "nltk", "LANGUAGE", "NONE");
    }

    @Test
    void bm25ParametersHaveRanges() {
        rejectedOn(bm25("sparse.bm25.b", "1.5"), "sparse.bm25.b", "1.5");
        rejectedOn(bm25("sparse.bm25.k1", "-1"), "sparse.bm25.k1", "-1");
        rejectedOn(bm25("sparse.bm25.avg.length", "0"), "sparse.bm25.avg.length", "0");
    }

    @Test
    void bm25NeedsTheTextTheSinkEmbeds() {
        rejectedOn(props(QdrantSinkConfig.BM25_VECTOR, "bm25"), QdrantSinkConfig.BM25_VECTOR,
                "BM25 is made from the text the sink embeds", "embed.input.field", "vector.sparse");
    }

    @Test
    void theBm25NameMustNotBeUsedByAnotherVector() {
        rejectedOn(bm25("vector.sparse", "bm25:keywords"), QdrantSinkConfig.BM25_VECTOR,
                "vector 'bm25' is also named in vector.sparse");
    }
}
