package dev.connectai.toolkit.embedding;

import java.util.Map;

import dev.connectai.toolkit.metrics.PluginMetrics;
import dev.connectai.toolkit.shared.SharedResources;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The one place models are opened. Every transform, task and connector in a worker that asks for an
 * equal {@link EmbeddingModelSpec} gets the same instance; the last to release it closes it.
 */
public final class SharedEmbeddingModels {

    private static final SharedResources<EmbeddingModelSpec, EmbeddingModel> MODELS =
            new SharedResources<>("embedding model");

    static {
        String group = "shared-resources";
        PluginMetrics.registry().addMetric(
                PluginMetrics.name("embedding-model-loads-total", group,
                        "Embedding models loaded since the worker started", Map.of()),
                (Measurable) (config, now) -> MODELS.creations());
        PluginMetrics.registry().addMetric(
                PluginMetrics.name("embedding-models-open", group, "Embedding models open now", Map.of()),
                (Measurable) (config, now) -> MODELS.open());
    }

    private SharedEmbeddingModels() {
    }

    public static SharedResources.Lease<EmbeddingModel> acquire(EmbeddingModelSpec spec) {
        return MODELS.acquire(spec, SharedEmbeddingModels::open);
    }

    /** Models loaded since this worker loaded the pack. */
    public static long loads() {
        return MODELS.creations();
    }

    private static EmbeddingModel open(EmbeddingModelSpec spec) {
        return switch (spec.provider()) {
            case LOCAL -> OnnxSentenceModel.open(descriptor(spec), spec.maxTokens(), spec.effectiveThreads());
            case OPENAI, AZURE_OPENAI, OLLAMA -> new RemoteEmbeddingModel(spec);
        };
    }

    private static OnnxModelDescriptor descriptor(EmbeddingModelSpec spec) {
        if (spec.files() != null) {
            return spec.files().descriptor(spec.model());
        }
        LocalModelVariant variant = LocalModelVariant.fromModelName(spec.model());
        if (!variant.installed()) {
            // Validation reports this on model.name; here for callers that build a spec in code.
            throw new ConnectException("Could not load the in-process model local/" + variant.modelName() + ": "
                    + variant.missingJarMessage());
        }
        return variant.descriptor();
    }
}
