package dev.connectai.toolkit.remote;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    @Test
    void parsesSecondsFractionsAndHttpDates() {
        assertThat(JsonHttpEndpoint.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(JsonHttpEndpoint.parseRetryAfter("0.25")).contains(Duration.ofMillis(250));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(JsonHttpEndpoint.parseRetryAfter(inTenSeconds).orElseThrow())
                .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(JsonHttpEndpoint.parseRetryAfter("soon")).isEmpty();
        assertThat(JsonHttpEndpoint.parseRetryAfter("-3")).isEmpty();
    }
}
