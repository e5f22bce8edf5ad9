package io.ceip.agent.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A level that is not one is refused with a message quoting it harmlessly: control characters escaped, a huge value
 * cut. JMX {@code setConsent} answered {@code Not changed:} with the caller's text as it was (a terminal's escape
 * sequences, line ends, 100,000 characters), and the same message names a product setting or a queries file's level.
 */
class ConsentLevelRefusalQuotesHarmlesslyTest {

    @Test
    void escapesAndLengthAreNeverQuotedAsTheyAre() {
        assertThatThrownBy(() -> ConsentLevel.parse("fu\u001b[2Jll\nERROR forged" + "x".repeat(100_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown consent level 'fu\\u001b[2Jll\\nERROR forged")
                .hasMessageEndingWith("': expected off, basic or full")
                .message().hasSizeLessThan(300).doesNotContain("\u001b").doesNotContain("\n");
    }
}
