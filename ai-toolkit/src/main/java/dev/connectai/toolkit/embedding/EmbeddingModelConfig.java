package dev.connectai.toolkit.embedding;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.config.OptionalRange;
import dev.connectai.toolkit.remote.AzureOpenAi;
import dev.connectai.toolkit.remote.OllamaSettings;
import dev.connectai.toolkit.remote.RetryPolicy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The embedding-model settings, shared by every plugin that embeds text so that the embedding
 * transform and the sink accept the same keys and share a model when their settings match.
 */
public final class EmbeddingModelConfig {

    public static final String GROUP = "Embedding model";

    public static final String PROVIDER = "model.provider";
    public static final String NAME = "model.name";
    public static final String PATH = "model.path";
    public static final String TOKENIZER_PATH = "model.tokenizer.path";
    public static final String POOLING = "model.pooling";
    public static final String NORMALIZE = "model.normalize";
    public static final String DOCUMENT_PREFIX = "model.document.prefix";
    public static final String QUERY_PREFIX = "model.query.prefix";
    public static final String BASE_URL = "model.base.url";
    public static final String API_KEY = "model.api.key";
    public static final String API_VERSION = "model.api.version";
    public static final String PREFIX = "model.";
    public static final String OLLAMA_KEEP_ALIVE = PREFIX + OllamaSettings.KEEP_ALIVE_SUFFIX;
    public static final String OLLAMA_NUM_CTX = PREFIX + OllamaSettings.NUM_CTX_SUFFIX;
    public static final String DIMENSIONS = "model.dimensions";
    public static final String MAX_TOKENS = "model.max.tokens";
    public static final String BATCH_SIZE = "model.batch.size";
    public static final String THREADS = "model.threads";
    public static final String TIMEOUT_MS = "model.timeout.ms";
    public static final String MAX_RETRIES = "model.max.retries";
    public static final String RETRY_BACKOFF_MS = "model.retry.backoff.ms";
    public static final String RETRY_AFTER_MAX_MS = "model.retry.after.max.ms";

    private EmbeddingModelConfig() {
    }

    /** Adds the model settings to {@code def}, in their own group. */
    public static ConfigDef addTo(ConfigDef def) {
        int order = 0;
        def
                .define(PROVIDER, Type.STRING, EmbeddingProvider.LOCAL.configName(),
                        Enums.validator(EmbeddingProvider.class), Importance.HIGH,
                        "Where embeddings come from: 'local' runs a catalogue model (" + NAME + ") inside the worker "
                                + "(no network, model jar in the plugin folder), or your own ONNX export when " + PATH
                                + " is set; "
                                + "'openai' calls any OpenAI-compatible /embeddings endpoint; "
                                + "'azure-openai' an Azure OpenAI embeddings deployment (" + NAME + " is the deployment, "
                                + API_VERSION + " the API version, the key goes in an api-key header); "
                                + "'ollama' calls Ollama's /api/embed.",
                        GROUP, ++order, Width.SHORT, "Provider")
                .define(NAME, Type.STRING, "", Importance.HIGH,
                        "Model name. Empty means the provider's default: local 'all-minilm-l6-v2', openai "
                                + "'text-embedding-3-small', azure-openai a deployment named 'text-embedding-3-small', "
                                + "ollama 'all-minilm'. The local provider runs its catalogue ("
                                + LocalModelVariant.names() + "; '-q' is the int8 build of each, about 2x faster, "
                                + "cosine about 0.99 to fp32), each with the pooling, prefixes and token limit of its "
                                + "model card; validation rejects any other name. The plugin folder holds the "
                                + "all-minilm-l6-v2 builds and bge-small-en-v1.5-q; the others need their jar from the "
                                + "optional model bundle (README, 'Models'), and validation names the missing jar. "
                                + "With " + PATH + " set, the name is only a label in ids, metrics and logs (empty: the "
                                + "file name) and must not be a catalogue name.",
                        GROUP, ++order, Width.MEDIUM, "Model", new LocalModelNames())
                .define(PATH, Type.STRING, "", null, Importance.MEDIUM,
                        "Local provider only: path of your own ONNX sentence-embedding model (an .onnx file, e.g. a "
                                + "Hugging Face export whose first output is the token states 'last_hidden_state'), "
                                + "readable on every worker. Set it together with " + TOKENIZER_PATH + ", "
                                + POOLING + ", " + NORMALIZE + ", the prefixes and " + MAX_TOKENS + " as the model "
                                + "card says. Empty: the catalogue model named by " + NAME + ". The vector size is "
                                + "read from the model.",
                        GROUP, ++order, Width.LONG, "Model file", new CrossKeyCheck())
                .define(TOKENIZER_PATH, Type.STRING, "", null, Importance.MEDIUM,
                        "With " + PATH + ": the model's Hugging Face tokenizer.json (required).",
                        GROUP, ++order, Width.LONG, "Tokenizer file", new CrossKeyCheck())
                .define(POOLING, Type.STRING, Pooling.MEAN.configName(), Enums.validator(Pooling.class),
                        Importance.MEDIUM, "With " + PATH + ": how token vectors become the text vector: 'mean' "
                                + "averages the tokens (MiniLM, e5), 'cls' takes the first token (bge).",
                        GROUP, ++order, Width.SHORT, "Pooling")
                .define(NORMALIZE, Type.BOOLEAN, true, Importance.LOW,
                        "With " + PATH + ": scale vectors to unit length, as sentence-transformers' Normalize "
                                + "layer does; cosine and dot product then agree.",
                        GROUP, ++order, Width.SHORT, "Normalize")
                .define(DOCUMENT_PREFIX, Type.STRING, "", Importance.LOW,
                        "With " + PATH + ": text put before every document, joined with one space (Kafka trims "
                                + "settings), e.g. 'passage:' for e5. The sink embeds documents, and so does EmbedText "
                                + "unless model.input.type=query.",
                        GROUP, ++order, Width.MEDIUM, "Document prefix")
                .define(QUERY_PREFIX, Type.STRING, "", Importance.LOW,
                        "With " + PATH + ": text put before a search query, joined with one space, e.g. 'query:' "
                                + "for e5. The search command uses it, and EmbedText with model.input.type=query; the "
                                + "sink embeds documents.",
                        GROUP, ++order, Width.MEDIUM, "Query prefix")
                .define(BASE_URL, Type.STRING, "", null, Importance.MEDIUM,
                        "Base URL of a remote provider, e.g. 'https://api.openai.com/v1' or 'http://ollama:11434'. "
                                + "Empty means the provider's public default. For azure-openai the resource endpoint, "
                                + "e.g. 'https://my-resource.openai.azure.com' (required; no path). Ignored by 'local'.",
                        GROUP, ++order, Width.LONG, "Base URL",
                        AzureOpenAi.endpointCheck(PROVIDER, EmbeddingProvider.AZURE_OPENAI.configName(), NAME))
                .define(API_KEY, Type.PASSWORD, null, Importance.MEDIUM,
                        "API key, sent as a bearer token (azure-openai: in the api-key header). Use a config "
                                + "provider, e.g. ${env:OPENAI_API_KEY} or ${file:/secrets/openai.properties:key}; it "
                                + "is never logged.",
                        GROUP, ++order, Width.LONG, "API key")
                .define(API_VERSION, Type.STRING, AzureOpenAi.DEFAULT_API_VERSION, AzureOpenAi.apiVersionValidator(),
                        Importance.LOW, "azure-openai only: the api-version query parameter; the default is the "
                                + "newest dated GA inference version.", GROUP, ++order, Width.SHORT, "API version")
                .define(DIMENSIONS, Type.INT, null, OptionalRange.atLeast(1), Importance.LOW,
                        "Vector size to request (OpenAI-compatible and azure-openai: 'dimensions', for models that "
                                + "support shortening; Ollama: 'dimensions' of /api/embed); answers of another size "
                                + "are rejected. Empty requests nothing: the model's native size.",
                        GROUP, ++order, Width.SHORT, "Dimensions")
                .define(MAX_TOKENS, Type.INT, null,
                        OptionalRange.between(2, LocalModelVariant.MAX_TOKENS_LIMIT), Importance.MEDIUM,
                        "Local model only: texts are truncated to this many word-piece tokens (including the two "
                                + "special tokens and any prefix): the model reads nothing after them. Empty: where "
                                + "sentence-transformers truncates the catalogue model (all-minilm-l6-v2 256, "
                                + "bge-small-en-v1.5 and e5-small-v2 512), so vectors equal what Python users get; "
                                + LocalModelFiles.DEFAULT_MAX_TOKENS + " for a model from " + PATH + " (set its card's "
                                + "max_seq_length). These models cannot read past "
                                + LocalModelVariant.MAX_TOKENS_LIMIT + "; a lower value cuts earlier and runs faster "
                                + "on long texts. Each cut "
                                + "text counts in the metric " + TruncationNotice.METRIC + "-total (embedding-metrics "
                                + "of EmbedText, qdrant-sink-metrics of the sink), and the first cut of each "
                                + "transform instance or sink task is logged once at INFO. Remote providers truncate "
                                + "or reject on their side and are not counted.",
                        GROUP, ++order, Width.SHORT, "Max tokens", new CrossKeyCheck())
                .define(BATCH_SIZE, Type.INT, 32, Range.between(1, 2048), Importance.LOW,
                        "Remote providers: texts per HTTP request when a plugin embeds many at once (the sink). "
                                + "The local provider runs every text alone (see " + THREADS + "), so a text's "
                                + "vector never depends on the texts embedded with it.",
                        GROUP, ++order, Width.SHORT, "Batch size")
                .define(THREADS, Type.INT, 0, Range.between(0, 256), Importance.LOW,
                        "Local provider only: cores a model uses in this worker; 0 means all of them. A call with "
                                + "several texts (the sink) runs that many texts side by side, each on a "
                                + "single-threaded ONNX session; a call with one text (EmbedText) spreads that one "
                                + "run over as many threads. Each text runs alone, never padded next to another, so "
                                + "it gets the same vector on every path and in every batch, int8 builds included. "
                                + "Tasks of one worker that use the same model share its threads.",
                        GROUP, ++order, Width.SHORT, "Threads");
        order = OllamaSettings.define(def, PREFIX, GROUP, order);
        return def
                .define(TIMEOUT_MS, Type.LONG, 30_000L, Range.between(1, 600_000), Importance.LOW,
                        "Timeout of one remote call, in milliseconds.",
                        GROUP, ++order, Width.SHORT, "Timeout (ms)")
                .define(MAX_RETRIES, Type.INT, 3, Range.between(0, 100), Importance.LOW,
                        "Retries of a remote call on 429, 408, 5xx, timeouts and refused connections, before the "
                                + "fault is handed to Connect as retriable (see errors.retry.timeout). A rejected key "
                                + "(401/403), an unknown model (404) or an exhausted quota (429 insufficient_quota) "
                                + "is never retried: it fails the task.",
                        GROUP, ++order, Width.SHORT, "Max retries")
                .define(RETRY_BACKOFF_MS, Type.LONG, 500L, Range.between(0, 60_000), Importance.LOW,
                        "First backoff between retries in milliseconds; doubles each retry.",
                        GROUP, ++order, Width.SHORT, "Retry backoff (ms)")
                .define(RETRY_AFTER_MAX_MS, Type.LONG, 30_000L, Range.between(0, 3_600_000), Importance.LOW,
                        "Longest Retry-After (from a 429) the plugin waits in place; a longer one is handed to "
                                + "Connect at once as a retriable error.",
                        GROUP, ++order, Width.SHORT, "Max Retry-After (ms)");
    }

    /**
     * The model name to use: the provider's default when {@code configured} is blank, the catalogue's spelling for
     * the local provider. Throws the {@link ConfigException} that validation reports on {@value #NAME} when the
     * local provider is asked for a model it does not ship.
     */
    public static String modelName(EmbeddingProvider provider, String configured) {
        String name = configured == null ? "" : configured.trim();
        if (name.isEmpty()) {
            name = provider.defaultModel();
        }
        if (provider != EmbeddingProvider.LOCAL) {
            return name;
        }
        return catalogueModel(configured, name).modelName();
    }

    private static LocalModelVariant catalogueModel(String configured, String name) {
        LocalModelVariant variant;
        try {
            variant = LocalModelVariant.fromModelName(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(NAME, configured, e.getMessage());
        }
        if (!variant.installed()) {
            throw new ConfigException(NAME, configured, variant.missingJarMessage());
        }
        return variant;
    }

    /**
     * The token limit of the local model: {@code configured} ({@value #MAX_TOKENS}) or, when empty, the model's
     * default. Throws the {@link ConfigException} validation reports on {@value #MAX_TOKENS} when it is above what the
     * model reads.
     */
    private static int maxTokens(Integer configured, LocalModelVariant variant) {
        int limit = variant == null ? LocalModelVariant.MAX_TOKENS_LIMIT : variant.maxTokensLimit();
        if (configured == null) {
            return variant == null ? LocalModelFiles.DEFAULT_MAX_TOKENS : variant.defaultMaxTokens();
        }
        if (configured > limit) {
            throw new ConfigException(MAX_TOKENS, configured, (variant == null ? "a model from " + PATH
                    : "model '" + variant.modelName() + "'") + " reads at most " + limit + " tokens; set "
                    + MAX_TOKENS + " to " + limit + " or less, or leave it empty for the model's default");
        }
        return configured;
    }

    /**
     * Throws the {@link ConfigException} validation reports on {@value #MAX_TOKENS} when it asks the local model for
     * more tokens than it reads; for a plugin that checks its keys across each other itself (the sink's config).
     */
    public static void checkMaxTokens(Function<String, ?> values) {
        Object configured = values.apply(MAX_TOKENS);
        if (!(configured instanceof Integer value)
                || !EmbeddingProvider.LOCAL.configName().equalsIgnoreCase(text(values, PROVIDER))) {
            return;
        }
        LocalModelVariant variant = null;
        if (text(values, PATH).isEmpty()) {
            try {
                variant = LocalModelVariant.fromModelName(modelName(EmbeddingProvider.LOCAL, text(values, NAME)));
            } catch (ConfigException e) {
                return; // reported on model.name
            }
        }
        maxTokens(value, variant);
    }

    /**
     * Checks {@value #NAME} against {@value #PROVIDER} during validation. A recommender, because a validator sees
     * one key only; Kafka's {@code ConfigDef.validate} reports what it throws on this key, and Connect embeds a
     * transformation's ConfigDef with its recommenders ({@code ConfigDef.embed}) when it validates a connector,
     * so a transformation gets the same check as a connector. It lists the local catalogue as the choices.
     */
    private static final class LocalModelNames implements ConfigDef.Recommender {

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            EmbeddingProvider provider;
            try {
                provider = Enums.parse(EmbeddingProvider.class, String.valueOf(parsedConfig.get(PROVIDER)));
            } catch (IllegalArgumentException e) {
                return List.of(); // reported on model.provider itself
            }
            if (provider != EmbeddingProvider.LOCAL) {
                return List.of();
            }
            if (!text(parsedConfig, PATH).isEmpty()) {
                return List.of(); // a label; model.path's check reports a clash with the catalogue
            }
            Object configured = parsedConfig.get(NAME);
            modelName(provider, configured == null ? "" : configured.toString());
            return Arrays.stream(LocalModelVariant.values()).filter(LocalModelVariant::installed)
                    .map(v -> (Object) v.modelName()).toList();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }
    }

    /**
     * Checks {@value #PATH} and {@value #TOKENIZER_PATH} against each other, {@value #PROVIDER} and {@value #NAME},
     * and {@value #MAX_TOKENS} against the model, during validation, each on its own key; a recommender for the same
     * reason as {@link LocalModelNames}.
     */
    private static final class CrossKeyCheck implements ConfigDef.Recommender {

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            if (MAX_TOKENS.equals(name)) {
                checkMaxTokens(parsedConfig::get);
            } else {
                checkFileKey(name, parsedConfig::get);
            }
            return List.of();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }
    }

    private static String text(Function<String, ?> values, String key) {
        Object value = values.apply(key);
        return value == null ? "" : value.toString().trim();
    }

    private static String text(Map<String, ?> values, String key) {
        return text(values::get, key);
    }

    /**
     * Throws the {@link ConfigException} validation reports on {@code key}, {@value #PATH} or
     * {@value #TOKENIZER_PATH}, for a plugin that checks its keys across each other itself (the sink's config).
     */
    public static void checkFileKey(String key, Function<String, ?> values) {
        if (PATH.equals(key)) {
            checkModelPath(values);
        } else if (TOKENIZER_PATH.equals(key)) {
            checkTokenizerPath(values);
        } else {
            throw new IllegalArgumentException(key + " is not a model file key");
        }
    }

    private static void checkModelPath(Function<String, ?> values) {
        String path = text(values, PATH);
        if (path.isEmpty()) {
            return;
        }
        if (!EmbeddingProvider.LOCAL.configName().equalsIgnoreCase(text(values, PROVIDER))) {
            throw new ConfigException(PATH, path, PATH + " is read only by " + PROVIDER + "=local; set "
                    + PROVIDER + "=local to run this model in the worker, or leave " + PATH + " empty");
        }
        String name = text(values, NAME);
        if (!name.isEmpty() && Arrays.stream(LocalModelVariant.values())
                .anyMatch(v -> v.modelName().equalsIgnoreCase(name))) {
            throw new ConfigException(PATH, path, NAME + "='" + name + "' is a shipped model and " + PATH
                    + " names a file: set only one of them (with " + PATH + ", " + NAME + " is a label and must "
                    + "not be one of " + LocalModelVariant.names() + ")");
        }
        checkReadable(PATH, path, "the .onnx file");
    }

    private static void checkTokenizerPath(Function<String, ?> values) {
        String path = text(values, PATH);
        String tokenizer = text(values, TOKENIZER_PATH);
        if (path.isEmpty()) {
            if (!tokenizer.isEmpty()) {
                throw new ConfigException(TOKENIZER_PATH, tokenizer, TOKENIZER_PATH + " is read only with "
                        + PATH + "; set " + PATH + " to the model's .onnx file, or leave " + TOKENIZER_PATH + " empty");
            }
            return;
        }
        if (tokenizer.isEmpty()) {
            throw new ConfigException(TOKENIZER_PATH, tokenizer, TOKENIZER_PATH + " is required with " + PATH
                    + ": set it to the tokenizer.json exported with the model");
        }
        checkReadable(TOKENIZER_PATH, tokenizer, "the model's tokenizer.json");
    }

    private static void checkReadable(String key, String value, String what) {
        Path file;
        try {
            file = Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, value, "not a valid path (" + e.getReason() + "); set it to " + what);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(key, value, "no readable file there; set " + key + " to " + what
                    + ", present and readable by the worker on every worker host");
        }
    }

    /** Reads the model settings of a parsed config. */
    public static EmbeddingModelSpec spec(AbstractConfig config) {
        EmbeddingProvider provider = Enums.parse(EmbeddingProvider.class, config.getString(PROVIDER));
        LocalModelFiles files = localFiles(config);
        String name = files == null ? modelName(provider, config.getString(NAME))
                : config.getString(NAME).isBlank() ? files.defaultLabel() : config.getString(NAME).trim();
        boolean local = provider == EmbeddingProvider.LOCAL;
        int maxTokens = !local ? 0
                : maxTokens(config.getInt(MAX_TOKENS), files == null ? LocalModelVariant.fromModelName(name) : null);
        String baseUrl = config.getString(BASE_URL).trim();
        Password key = config.getPassword(API_KEY);
        if (provider == EmbeddingProvider.AZURE_OPENAI) {
            AzureOpenAi.checkEndpoint(BASE_URL, baseUrl, NAME);
        }
        RetryPolicy retry = new RetryPolicy(config.getInt(MAX_RETRIES),
                Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)),
                Duration.ofMillis(config.getLong(RETRY_AFTER_MAX_MS)));
        return new EmbeddingModelSpec(provider, name,
                local || baseUrl.isEmpty() ? null : baseUrl,
                local || key == null || key.value().isBlank() ? null : key.value(),
                local ? null : config.getInt(DIMENSIONS),
                maxTokens,
                config.getInt(BATCH_SIZE),
                Duration.ofMillis(config.getLong(TIMEOUT_MS)),
                local ? RetryPolicy.DEFAULT : retry,
                provider == EmbeddingProvider.AZURE_OPENAI ? config.getString(API_VERSION).trim() : null,
                provider == EmbeddingProvider.OLLAMA ? OllamaSettings.of(config, PREFIX) : OllamaSettings.NONE,
                files,
                local ? config.getInt(THREADS) : 0);
    }

    /** The model files of {@value #PATH}, checked as validation checks them; null when it is empty. */
    private static LocalModelFiles localFiles(AbstractConfig config) {
        Map<String, ?> values = config.values();
        checkModelPath(values::get);
        checkTokenizerPath(values::get);
        String path = text(values, PATH);
        if (path.isEmpty()) {
            return null;
        }
        return new LocalModelFiles(Path.of(path), Path.of(text(values, TOKENIZER_PATH)),
                Enums.parse(Pooling.class, config.getString(POOLING)), config.getBoolean(NORMALIZE),
                config.getString(DOCUMENT_PREFIX), config.getString(QUERY_PREFIX));
    }
}
