package dev.connectai.toolkit.embedding;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.ObjectName;

import dev.connectai.toolkit.metrics.PluginMetrics;
import dev.connectai.toolkit.shared.SharedResources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Truncation by the in-process model shows in the user's metric and in one log line. */
class TruncationNoticeTest {

    private static final EmbeddingModelSpec SPEC = EmbeddingModelSpec.local(LocalModelVariant.ALL_MINILM_L6_V2_Q);

    private static String words(int n) {
        return "word ".repeat(n).strip();
    }

    private static double jmx(EmbeddingMetrics metrics, String attribute) throws Exception {
        ObjectName name = new ObjectName(PluginMetrics.JMX_DOMAIN + ":type=" + EmbeddingMetrics.GROUP + ",model="
                + ObjectName.quote(SPEC.id()) + ",instance=" + metrics.instance());
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute)).doubleValue();
    }

    @Test
    void eachCutTextCountsOnceAndOnlyTheFirstIsLogged() throws Exception {
        List<String> log = new ArrayList<>();
        String secret = "confidential-marker";
        String user;
        try (SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(SPEC);
             EmbeddingMetrics metrics = new EmbeddingMetrics(model.get().id(), "truncation-test")) {
            user = "EmbedText (" + metrics.instance() + ")";
            TruncationNotice notice = new TruncationNotice(user, SPEC, metrics::truncated, log::add);

            model.get().embed(words(254), notice); // exactly 256 with [CLS] and [SEP]: not cut
            model.get().embed("a short text", notice);
            assertThat(jmx(metrics, "texts-truncated-total")).isZero();
            assertThat(log).isEmpty();

            model.get().embed(secret + " " + words(300), notice);
            assertThat(jmx(metrics, "texts-truncated-total")).isEqualTo(1.0);
            model.get().embedAll(List.of(words(255), "short", secret + " " + words(1000)), notice);
            model.get().embed(words(255), notice);
            assertThat(jmx(metrics, "texts-truncated-total")).isEqualTo(4.0);
            assertThat(jmx(metrics, "texts-truncated-rate")).isPositive();
        }
        assertThat(log).containsExactly(user + ": a text was longer than model.max.tokens=256 tokens of "
                + "local/all-minilm-l6-v2-q and was cut "
                + "to its first 256 tokens (special tokens included); the model reads no further. Later cuts are "
                + "only counted, in the metric texts-truncated-total; model.max.tokens (2 to 512) sets the limit.");
        assertThat(log.get(0)).doesNotContain(secret).doesNotContain("word");
    }

    @Test
    void noticesCountOnlyPositiveReports() {
        List<Integer> counted = new ArrayList<>();
        List<String> log = new ArrayList<>();
        TruncationNotice notice = new TruncationNotice("test", SPEC, counted::add, log::add);
        notice.accept(0);
        assertThat(counted).isEmpty();
        assertThat(log).isEmpty();
        notice.accept(2);
        notice.accept(5);
        assertThat(counted).containsExactly(2, 5);
        assertThat(log).hasSize(1);
    }
}
