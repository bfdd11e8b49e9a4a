package dev.connectai.toolkit.remote;

/**
 * A model endpoint refused the configuration itself: the API key is rejected (401/403), the model is unknown
 * (404, or a {@code model_not_found} answer) or the account's quota is exhausted ({@code insufficient_quota}).
 * No record can succeed until someone changes the config, so the task must stop.
 * <p>
 * It is an {@link Error}, not an exception, on purpose. Kafka Connect runs transformations inside
 * {@code RetryWithToleranceOperator}, whose {@code TOLERABLE_EXCEPTIONS} map the transformation stage to
 * {@code Exception.class} and whose {@code execAndHandleError} catches {@code Exception}: under
 * {@code errors.tolerance=all} every exception a transformation throws, {@code ConnectException} included, only
 * sends that record to the dead letter queue and the task drains the topic there. An {@code Error} is not caught
 * by the operator; it reaches {@code WorkerTask}, which marks the task FAILED with this message. A sink task's
 * {@code put()} fails the task on any throwable, so the same type serves the in-sink embedding.
 * <p>
 * The message never holds the API key (the endpoint scrubs it) nor record contents.
 */
public final class ModelConfigurationError extends Error {

    private static final long serialVersionUID = 1L;

    public ModelConfigurationError(String message) {
        super(message);
    }

    public ModelConfigurationError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same fault with the plugin's name in front, for the task's status. */
    public ModelConfigurationError in(String plugin) {
        return new ModelConfigurationError(plugin + ": " + getMessage(), this);
    }
}
