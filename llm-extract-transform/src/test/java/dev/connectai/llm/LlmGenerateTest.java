package dev.connectai.llm;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectai.testing.ModelEndpointStubs;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmGenerateTest {

    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static LlmGenerate<SinkRecord> generate() {
        LlmGenerate<SinkRecord> t = new LlmGenerate.Value<>();
        t.configure(Map.of("llm.base.url", server.baseUrl() + "/v1", "llm.model", "gpt-4o-mini",
                "generate.prompt", "Summarise this review of {product} in one sentence: {review.text}",
                "output.field", "summary"));
        return t;
    }

    private static SinkRecord review() {
        Map<String, Object> v = new HashMap<>();
        v.put("product", "kettle");
        v.put("review", Map.of("text", "Boils fast, but the lid broke after a week.", "stars", 2));
        return new SinkRecord("reviews", 0, null, null, null, v, 3L);
    }

    @Test
    void generatedTextLandsInTheField() throws Exception {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(ModelEndpointStubs.json(200,
                ModelEndpointStubs.openAiChat("gpt-4o-mini", "  Fast kettle with a fragile lid.\n", "stop"))));
        LlmGenerate<SinkRecord> t = generate();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) t.apply(review()).value();
            assertThat(out.get("summary")).isEqualTo("Fast kettle with a fragile lid.");
            assertThat(out.get("product")).isEqualTo("kettle");
            String sent = new ObjectMapper().readTree(server.getAllServeEvents().get(0).getRequest().getBodyAsString())
                    .at("/messages/1/content").asText();
            assertThat(sent).isEqualTo("Summarise this review of kettle in one sentence: Boils fast, but the lid broke after a week.");
        } finally {
            t.close();
        }
    }

    @Test
    void truncatedTextIsAFailure() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(ModelEndpointStubs.json(200,
                ModelEndpointStubs.openAiChat("gpt-4o-mini", "Fast kettle with a", "length"))));
        LlmGenerate<SinkRecord> t = generate();
        try {
            assertThatThrownBy(() -> t.apply(review())).isInstanceOf(DataException.class)
                    .hasMessageContaining("finish_reason=length").hasMessageContaining("offset=3");
        } finally {
            t.close();
        }
    }
}
