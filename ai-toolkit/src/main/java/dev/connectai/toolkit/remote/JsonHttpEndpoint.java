package dev.connectai.toolkit.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to a model endpoint and maps every failure onto Connect's error model:
 * <ul>
 *   <li>429 waits for {@code Retry-After} (capped) and retries; 408, 5xx, timeouts and refused
 *       connections back off and retry; when retries run out: {@link RetriableException}.</li>
 *   <li>a fault of the configuration, not of the record, is a {@link ModelConfigurationError} that stops the
 *       task: 401/403 (key rejected), 404 or an error code {@code model_not_found} (unknown model or wrong base
 *       URL), and a 429 whose error code is {@code insufficient_quota} (OpenAI's answer when the account has no
 *       credit left: waiting does not help).</li>
 *   <li>other 4xx: the input was rejected, a {@link DataException} for this record.</li>
 *   <li>a 2xx body that is not JSON: not retried, the endpoint is not what the config says.</li>
 * </ul>
 * Azure OpenAI answers with the same error shape and codes, so one mapping serves every provider.
 * Request and response bodies are never logged: they hold user data. The API key is sent as a header
 * ({@link ApiKeyHeader}) and scrubbed from any error text an endpoint echoes back.
 */
public final class JsonHttpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(JsonHttpEndpoint.class);

    /** One HTTP client per worker JVM: it owns a connection pool and a selector thread. */
    private static final HttpClient SHARED_CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    static final ObjectMapper JSON = new ObjectMapper();

    /** OpenAI's error code for an account without credit; it comes as a 429 but is not a rate limit. */
    static final String QUOTA_EXHAUSTED = "insufficient_quota";
    /** OpenAI's error code for an unknown model; compatible servers send it with 400 or 404. */
    static final String MODEL_NOT_FOUND = "model_not_found";

    private final String name;
    private final URI uri;
    private final String apiKey;
    private final ApiKeyHeader keyHeader;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final Sleeper sleeper;

    public JsonHttpEndpoint(String name, URI uri, String apiKey, Duration timeout, RetryPolicy retry) {
        this(name, uri, apiKey, ApiKeyHeader.BEARER, timeout, retry);
    }

    public JsonHttpEndpoint(String name, URI uri, String apiKey, ApiKeyHeader keyHeader, Duration timeout,
                            RetryPolicy retry) {
        this(name, uri, apiKey, keyHeader, timeout, retry, Thread::sleep);
    }

    JsonHttpEndpoint(String name, URI uri, String apiKey, Duration timeout, RetryPolicy retry, Sleeper sleeper) {
        this(name, uri, apiKey, ApiKeyHeader.BEARER, timeout, retry, sleeper);
    }

    JsonHttpEndpoint(String name, URI uri, String apiKey, ApiKeyHeader keyHeader, Duration timeout, RetryPolicy retry,
                     Sleeper sleeper) {
        this.name = name;
        this.uri = uri;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.keyHeader = keyHeader;
        this.timeout = timeout;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    public URI uri() {
        return uri;
    }

    /** Sends the body and returns the parsed JSON answer, retrying as the class comment says. */
    public JsonNode post(JsonNode body) {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new DataException("could not serialise the request to " + name, e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (apiKey != null) {
            request.header(keyHeader.header(), keyHeader.value(apiKey));
        }
        HttpRequest built = request.build();

        String lastFault = null;
        for (int attempt = 0; ; attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = SHARED_CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(response.body());
                }
                String detail = errorDetail(response.body());
                String code = errorCode(response.body());
                if (status == 429 && QUOTA_EXHAUSTED.equals(code)) {
                    throw new ModelConfigurationError(name + " says the account's quota is exhausted (HTTP 429 "
                            + QUOTA_EXHAUSTED + ")" + detail + "; add credit or use another key, then restart the task");
                } else if (status == 429) {
                    Optional<Duration> retryAfter = retryAfter(response);
                    lastFault = "rate limited (HTTP 429" + retryAfter.map(d -> ", Retry-After " + d.toSeconds() + "s").orElse("")
                            + ")" + detail;
                    if (retryAfter.isPresent() && retryAfter.get().compareTo(retry.maxRetryAfter()) > 0) {
                        throw new RetriableException(name + " " + lastFault + ": longer than the "
                                + retry.maxRetryAfter().toSeconds() + "s the plugin waits; Connect will retry");
                    }
                    wait = retryAfter.orElse(retry.backoffFor(attempt));
                } else if (status == 408 || status >= 500) {
                    lastFault = "server error (HTTP " + status + ")" + detail;
                    wait = retry.backoffFor(attempt);
                } else if (status == 401 || status == 403) {
                    throw new ModelConfigurationError(name + " rejected the API key (HTTP " + status + ")" + detail
                            + "; check the api key config, then restart the task");
                } else if (status == 404 || MODEL_NOT_FOUND.equals(code)) {
                    throw new ModelConfigurationError(name + " answered HTTP " + status + " at " + uri + detail
                            + ": the model is unknown there or the base URL is wrong; fix the model name or base "
                            + "URL config, then restart the task");
                } else {
                    throw new DataException(name + " rejected the input (HTTP " + status + ")" + detail);
                }
            } catch (HttpTimeoutException e) {
                lastFault = "timed out after " + timeout.toMillis() + " ms";
                wait = retry.backoffFor(attempt);
            } catch (ConnectException e) {
                lastFault = "connection refused at " + uri.getHost() + ":" + uri.getPort();
                wait = retry.backoffFor(attempt);
            } catch (IOException e) {
                lastFault = "I/O error: " + e.getClass().getSimpleName();
                wait = retry.backoffFor(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException(name + " call interrupted", e);
            }
            if (attempt >= retry.maxRetries()) {
                throw new RetriableException(name + " " + lastFault + " after " + (attempt + 1) + " attempts");
            }
            log.debug("{} {}; retry {} of {} in {} ms", name, lastFault, attempt + 1, retry.maxRetries(), wait.toMillis());
            try {
                sleeper.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException(name + " call interrupted while backing off", e);
            }
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new org.apache.kafka.connect.errors.ConnectException(name + " at " + uri
                        + " answered with a body that is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new org.apache.kafka.connect.errors.ConnectException(name + " at " + uri
                    + " answered with malformed JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** The endpoint's own error text (OpenAI: {@code error.message}; Ollama: {@code error}), short and key-free. */
    private String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String message;
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode error = node == null ? null : node.get("error");
            if (error == null) {
                message = null;
            } else if (error.isTextual()) {
                message = error.asText();
            } else {
                message = error.path("message").asText(null);
            }
        } catch (JsonProcessingException e) {
            message = null;
        }
        if (message == null || message.isBlank()) {
            return "";
        }
        if (apiKey != null) {
            message = message.replace(apiKey, "[redacted]");
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        return ": " + message;
    }

    /** OpenAI's machine-readable {@code error.code} (or {@code error.type} when there is no code), or null. */
    private static String errorCode(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            String code = error.path("code").asText(null);
            return code != null && !code.isBlank() ? code : error.path("type").asText(null);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(JsonHttpEndpoint::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
        } catch (NumberFormatException ignored) {
            // Not delta-seconds: RFC 9110 also allows an HTTP-date.
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Sleeping is injectable so tests of backoff do not wait. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }
}
