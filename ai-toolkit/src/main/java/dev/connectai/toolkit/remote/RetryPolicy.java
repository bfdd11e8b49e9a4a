package dev.connectai.toolkit.remote;

import java.time.Duration;

/**
 * How a remote call is retried inside the plugin before the fault is handed to Connect as a
 * {@code RetriableException}. Retrying here matters: with Connect's default
 * {@code errors.retry.timeout=0} a retriable fault in a transform is not retried by the worker.
 *
 * @param maxRetries    retries after the first attempt
 * @param backoff       first backoff, doubled on each retry
 * @param maxRetryAfter the longest {@code Retry-After} the plugin waits for; longer waits are handed to Connect
 */
public record RetryPolicy(int maxRetries, Duration backoff, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30));

    public Duration backoffFor(int retry) {
        long millis = backoff.toMillis() << Math.min(retry, 10);
        return Duration.ofMillis(Math.min(millis, 60_000));
    }
}
