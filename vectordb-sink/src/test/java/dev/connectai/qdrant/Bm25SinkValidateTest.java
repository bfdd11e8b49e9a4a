package dev.connectai.qdrant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad BM25 settings are rejected by validate on their own key, with the message start() fails with. */
class Bm25SinkValidateTest {

    private static Map<String, String> props(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", QdrantSinkConnector.class.getName());
        p.put("topics", "docs");
        p.put(QdrantSinkConfig.URL, "http://127.0.0.1:1");
        p.put(QdrantSinkConfig.EMBED_FIELD, "body");
        p.put(QdrantSinkConfig.BM25_VECTOR, "bm25");
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
    void soundBm25SettingsHaveNoErrors() {
        assertThat(errors(props())).isEmpty();
        assertThat(errors(props("sparse.bm25.language", "German", "sparse.bm25.stemming", "NONE",
                "sparse.bm25.stopwords", "none", "sparse.bm25.k1", "0", "sparse.bm25.b", "1",
                "sparse.bm25.avg.length", "40", "chunk.size.tokens", "128"))).isEmpty();
    }

    @Test
    void choicesComeFromTheEnums() {
        // Kafka's CaseInsensitiveValidString lists the choices in upper case.
        rejectedOn(props("sparse.bm25.language", "klingon"), "sparse.bm25.language", "klingon", "ENGLISH", "GERMAN");
        rejectedOn(props("sparse.bm25.stemming", "porter"), "sparse.bm25.stemming", "porter", "SNOWBALL", "NONE");
        rejectedOn(props("sparse.bm25.stopwords", "nltk"), "sparse.bm25.stopwords", "nltk", "LANGUAGE", "NONE");
    }

    @Test
    void parametersHaveRanges() {
        rejectedOn(props("sparse.bm25.b", "1.5"), "sparse.bm25.b", "1.5");
        rejectedOn(props("sparse.bm25.k1", "-1"), "sparse.bm25.k1", "-1");
        rejectedOn(props("sparse.bm25.avg.length", "0"), "sparse.bm25.avg.length", "0");
    }

    @Test
    void bm25NeedsTheTextTheSinkEmbeds() {
        Map<String, String> props = props();
        props.remove(QdrantSinkConfig.EMBED_FIELD);
        rejectedOn(props, QdrantSinkConfig.BM25_VECTOR, "BM25 is made from the text the sink embeds",
                "embed.input.field", "vector.sparse");
    }

    @Test
    void theBm25NameMustNotBeUsedByAnotherVector() {
        rejectedOn(props("vector.sparse", "bm25:keywords"), QdrantSinkConfig.BM25_VECTOR,
                "vector 'bm25' is also named in vector.sparse");
    }
}
