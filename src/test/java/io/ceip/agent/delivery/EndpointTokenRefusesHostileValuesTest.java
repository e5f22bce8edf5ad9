package io.ceip.agent.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ceip.endpoint.token} becomes a request header: a value that could split or forge one (line breaks, spaces,
 * control or non-ASCII characters) is refused with one line naming the setting and never showing the value.
 */
class EndpointTokenRefusesHostileValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"secret-1\r\nX-Forged: yes", "two words", "tab\there", "nul\u0000", "é-accent", "bidi\u202e"})
    void aValueThatCouldBreakTheHeaderIsRefusedWithoutShowingIt(String hostile) {
        assertThatThrownBy(() -> new EndpointToken(hostile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ceip.endpoint.token must be printable ASCII without spaces");
    }

    @Test
    void aTokenIsSentAsBearerAndNeverShownByToString() {
        EndpointToken token = new EndpointToken("tok-7f3a9c2e5b8d");
        assertThat(token.authorization()).isEqualTo("Bearer tok-7f3a9c2e5b8d");
        assertThat(token.toString()).doesNotContain("tok-7f3a9c2e5b8d");
        assertThat(new EndpointToken("").authorization()).isNull();
    }
}
