package dev.connectai.toolkit.config;

import dev.connectai.toolkit.record.EnvelopePolicy;
import dev.connectai.toolkit.record.NullTextPolicy;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnumsTest {

    @Test
    void choiceListsComeFromTheEnumInDeclarationOrder() {
        assertThat(Enums.names(EnvelopePolicy.class)).containsExactly("auto", "debezium", "none");
        assertThat(Enums.names(NullTextPolicy.class)).containsExactly("pass", "null-vector", "fail");
        assertThat(Enums.names(NullTextPolicy.PASS, NullTextPolicy.FAIL)).containsExactly("pass", "fail");
    }

    @Test
    void parsingAcceptsAnyCaseAndSurroundingBlanks() {
        assertThat(Enums.parse(NullTextPolicy.class, " Null-Vector ")).isEqualTo(NullTextPolicy.NULL_VECTOR);
        assertThat(Enums.parse(EnvelopePolicy.class, "DEBEZIUM")).isEqualTo(EnvelopePolicy.DEBEZIUM);
        assertThatThrownBy(() -> Enums.parse(NullTextPolicy.class, "null_vector"))
                .hasMessageContaining("pass, null-vector, fail");
    }

    @Test
    void theValidatorIsKafkasCaseInsensitiveOne() {
        Enums.validator(EnvelopePolicy.class).ensureValid("input.envelope", "Debezium");
        Enums.validator(NullTextPolicy.PASS, NullTextPolicy.FAIL).ensureValid("input.null.policy", "FAIL");
        assertThatThrownBy(() -> Enums.validator(NullTextPolicy.PASS, NullTextPolicy.FAIL)
                .ensureValid("input.null.policy", "null-vector"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("input.null.policy");
    }
}
