package dev.connectai.synthetic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.connectai.testing.ModelEndpointStubs;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LLM mode against WireMock: valid, partly invalid and all-invalid batches, 429 and timeouts. */
class LlmGenerationTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"product\":{\"type\":\"string\"},"
            + "\"stars\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":5},\"text\":{\"type\":\"string\"}},"
            + "\"required\":[\"product\",\"stars\",\"text\"]}";
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

    private static ResponseDefinitionBuilder batch(String... records) {
        return ModelEndpointStubs.json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini",
                "{\"records\":[" + String.join(",", records) + "]}", "stop"));
    }

    private static String review(int stars) {
        return "{\"product\":\"kettle\",\"stars\":" + stars + ",\"text\":\"Boils fast, lid is flimsy.\"}";
    }

    private static SyntheticSourceTask task(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>();
        p.put("generator", "llm");
        p.put("schema", SCHEMA);
        p.put("llm.base.url", server.baseUrl() + "/v1");
        p.put("llm.model", "gpt-4o-mini");
        p.put("llm.batch.records", "3");
        p.put("llm.max.retries", "1");
        p.put("llm.retry.backoff.ms", "10");
        p.put("llm.timeout.ms", "500");
        p.put("llm.topic.description", "reviews of kitchen appliances");
        p.putAll(extra);
        return SyntheticFixtures.task(p, 0, 1, null);
    }

    private void answers(ResponseDefinitionBuilder... in) {
        String state = Scenario.STARTED;
        for (int i = 0; i < in.length; i++) {
            String next = i == in.length - 1 ? state : "s" + (i + 1);
            server.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("gen").whenScenarioStateIs(state)
                    .willReturn(in[i]).willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void validBatchesBecomeRecords() throws Exception {
        answers(batch(review(5), review(4), review(1)));
        List<SourceRecord> records = SyntheticFixtures.take(task(Map.of("batch.size", "6")), 6);
        assertThat(records).hasSize(6);
        SyntheticFixtures.assertValid(records, SyntheticFixtures.JSON.readTree(SCHEMA));
        assertThat(((Struct) records.get(0).value()).getInt64("stars")).isEqualTo(5L);
        String request = server.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(request).contains("json_schema").contains("reviews of kitchen appliances");
    }

    @Test
    void invalidRecordsAreDroppedAndReplaced() throws Exception {
        answers(batch(review(9), review(3), "{\"product\":\"x\"}"), batch(review(2), review(7), review(4)));
        List<SourceRecord> records = SyntheticFixtures.take(task(Map.of("batch.size", "3")), 3);
        assertThat(records).extracting(r -> ((Struct) r.value()).getInt64("stars")).containsExactly(3L, 2L, 4L);
    }

    @Test
    void allInvalidAnswersNeverSpinTheTask() throws Exception {
        answers(batch(review(0), review(6)));
        SyntheticSourceTask t = task(Map.of());
        assertThat(t.poll()).isNull();
        server.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void rateLimitsAreWaitedOut() throws Exception {
        answers(ModelEndpointStubs.openAiRateLimited(1), batch(review(5)));
        List<SourceRecord> records = SyntheticFixtures.take(task(Map.of("batch.size", "1")), 1);
        assertThat(records).hasSize(1);
    }

    @Test
    void timeoutsSurfaceAsRetriable() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(batch(review(5)).withFixedDelay(2000)));
        SyntheticSourceTask t = task(Map.of());
        assertThatThrownBy(t::poll).isInstanceOf(RetriableException.class).hasMessageContaining("timed out");
    }
}
