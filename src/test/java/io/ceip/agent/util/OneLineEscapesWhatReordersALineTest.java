package io.ceip.agent.util;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value from outside logged through {@link OneLine} cannot reorder or break the line it is in: the bidirectional
 * marks, embeddings, overrides and isolates and the C1 controls are escaped as backslash-u codes, while plain text
 * beyond ASCII stays as written.
 */
class OneLineEscapesWhatReordersALineTest {

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = { 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
            0x061C, 0x0080, 0x0085, 0x009B, 0x009F, 0x001B, 0x2028, 0x2029, 0x000B, 0x000C, 0x000D })
    void aCharacterThatReordersOrBreaksALineIsEscaped(int c) {
        String hostile = "node-" + Character.toString(c) + "1 says ok";

        assertThat(OneLine.of(hostile, 100)).isEqualTo("node-" + String.format("\\u%04x", c) + "1 says ok");
    }

    @Test
    void plainTextBeyondAsciiStaysReadable() {
        String text = "Überwachung Süd – café 監視 製品 Überwachung – Ελληνικά – עברית – العربية";

        assertThat(OneLine.of(text, 1000)).isEqualTo(text);
    }

    @Test
    void everyC1ControlIsEscaped() {
        IntStream.rangeClosed(0x80, 0x9F).forEach(c -> assertThat(OneLine.of(Character.toString(c), 10))
                .isEqualTo(String.format("\\u%04x", c)));
    }
}
