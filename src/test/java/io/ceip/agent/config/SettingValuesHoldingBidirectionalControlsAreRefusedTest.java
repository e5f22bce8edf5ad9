package io.ceip.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A setting's value may be logged (a cluster node's name), shown ({@code status}, {@code preview}) or sent (the
 * product's name): one holding a bidirectional mark, embedding, override or isolate, which turns the rest of a line
 * around where it is read, stops the start in one line naming it, as a control character does. Text beyond ASCII
 * without them is a value as any other.
 */
class SettingValuesHoldingBidirectionalControlsAreRefusedTest {

    private static final SettingCatalog CATALOG = SettingCatalog.embedded();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = { 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
            0x061C })
    void aTextValueHoldingOneIsRefused(int c) {
        SettingType text = CATALOG.find("ceip.product.name").orElseThrow().type();

        assertThat(text.problem("Demo " + Character.toString(c) + "gnirotinoM"))
                .contains("holds a bidirectional control character (U+" + String.format("%04X", c) + ")");
    }

    @Test
    void plainTextBeyondAsciiIsAValue() {
        SettingType text = CATALOG.find("ceip.product.name").orElseThrow().type();

        assertThat(text.problem("Überwachung Süd 監視 ‍café")).isEmpty();
    }

    @Test
    void aNodeNameHoldingOneStopsTheStartInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "ceip.cluster.node-id=node-\\u202e1 ko\n");

        assertThat(new ConfigurationCheck(CATALOG).check(Optional.of(ConfigurationText.read(file)), Map.of(),
                Map.of(), Map.of(), key -> key.equals("ceip.cluster.node-id") ? Optional.of("node-\u202e1 ko")
                        : CATALOG.find(key).map(SettingDefinition::defaultValue)).problems())
                .containsExactly(file + ":1: ceip.cluster.node-id holds a bidirectional control character (U+202E)");
    }
}
