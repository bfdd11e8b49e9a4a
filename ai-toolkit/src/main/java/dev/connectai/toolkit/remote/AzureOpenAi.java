package dev.connectai.toolkit.remote;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.connectai.toolkit.config.ParsingValidator;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Azure OpenAI's deployment URLs, shared by the chat and the embedding provider: a resource endpoint such as
 * {@code https://my-resource.openai.azure.com}, a deployment name in the path and the API version as a query
 * parameter, e.g. {@code /openai/deployments/{deployment}/chat/completions?api-version=2024-10-21}. The key goes in an
 * {@code api-key} header ({@link ApiKeyHeader#API_KEY}).
 */
public final class AzureOpenAi {

    /**
     * The newest dated GA version of Azure OpenAI's data-plane inference API listed in Microsoft's REST reference
     * (learn.microsoft.com/azure/ai-services/openai/reference). {@code reasoning_effort} needs a later preview version.
     */
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

    private AzureOpenAi() {
    }

    /** The deployment URL of {@code operation} ({@code chat/completions} or {@code embeddings}). */
    public static URI deploymentUri(String endpoint, String deployment, String operation, String apiVersion) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return URI.create(base + "/openai/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/" + operation + "?api-version="
                + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8));
    }

    /** Validates an {@code api-version} setting: a date, optionally with {@code -preview}. */
    public static ConfigDef.Validator apiVersionValidator() {
        return ParsingValidator.required(AzureOpenAi::checkApiVersion, "an Azure OpenAI api-version such as "
                + DEFAULT_API_VERSION + " or 2025-04-01-preview");
    }

    private static void checkApiVersion(String version) {
        if (!API_VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not an Azure OpenAI api-version; use a date like " + DEFAULT_API_VERSION
                    + ", optionally with -preview");
        }
    }

    /**
     * Runs {@link #checkEndpoint} during validation, when {@code providerKey} selects {@code azureWord}: a recommender,
     * because a validator sees one key only, and Kafka's {@code ConfigDef.validate} reports what a recommender
     * throws on its own key (also for a transformation, whose ConfigDef Connect embeds with its recommenders).
     */
    public static ConfigDef.Recommender endpointCheck(String providerKey, String azureWord, String deploymentKey) {
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                Object provider = parsedConfig.get(providerKey);
                if (provider != null && azureWord.equalsIgnoreCase(provider.toString().trim())) {
                    Object base = parsedConfig.get(name);
                    checkEndpoint(name, base == null ? "" : base.toString(), deploymentKey);
                }
                return List.of();
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return true;
            }
        };
    }

    /**
     * Checks the base URL configured under {@code key} for the Azure provider: it has no public default, and it is
     * the resource endpoint only, since the plugin builds the deployment path itself.
     */
    public static void checkEndpoint(String key, String baseUrl, String deploymentKey) {
        String url = baseUrl == null ? "" : baseUrl.trim();
        if (url.isEmpty()) {
            throw new ConfigException(key, baseUrl, "the azure-openai provider needs the resource endpoint, e.g. "
                    + "https://my-resource.openai.azure.com; the deployment name goes in " + deploymentKey);
        }
        if (url.contains("/openai/")) {
            throw new ConfigException(key, baseUrl, "give only the resource endpoint, e.g. "
                    + "https://my-resource.openai.azure.com; the plugin adds /openai/deployments/<" + deploymentKey
                    + ">/... and the api-version itself");
        }
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, baseUrl, "not an absolute URL; use e.g. https://my-resource.openai.azure.com");
        }
    }
}
