package io.ceip.agent.files;

import io.ceip.agent.collect.InventoryCatalog;
import io.ceip.agent.collect.UsageQueries;
import io.ceip.agent.events.EventCatalog;
import io.ceip.agent.privacy.RedactionRulesFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A YAML file the agent cannot parse is named with the line and column of the problem, never its text: the engine's
 * message quoted the line (a setting pointed at the product's configuration by mistake printed its password line),
 * and kept it in the cause.
 */
class YamlFilesNotValidNeverQuoteTheirTextTest {

    @TempDir
    Path dir;

    @Test
    void eachFileSaysWhereNeverWhat() throws Exception {
        Path unterminated = Files.writeString(dir.resolve("product.yaml"),
                "db.url: jdbc:x\ndb.password: \"Hunter2-s3cret\n");
        Path misplaced = Files.writeString(dir.resolve("queries.yaml"), "queries:\n  - name: x\n    sql: SELECT 1\n"
                + "  password: Hunter3-s3cret: x\n");
        List<Consumer<Path>> loaders = List.of(UsageQueries::load, InventoryCatalog::load, EventCatalog::load,
                file -> RedactionRulesFile.load(file, null));

        for (Consumer<Path> loader : loaders) {
            assertThatThrownBy(() -> loader.accept(unterminated)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(unterminated + ":3: not valid YAML: found unexpected end of stream (column 1)")
                    .hasNoCause();
            assertThatThrownBy(() -> loader.accept(misplaced)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(misplaced + ":4: not valid YAML: expected <block end>, but found '?' (column 3)")
                    .hasNoCause();
        }
    }

    @Test
    void aKeyGivenTwiceIsNamedWithItsLine() throws Exception {
        Path twice = Files.writeString(dir.resolve("twice.yaml"), "queries:\n  - name: x\n    sql: SELECT 1\n"
                + "    sql: SELECT 2\n");

        assertThatThrownBy(() -> UsageQueries.load(twice)).hasMessage(twice + ":4: not valid YAML: found duplicate"
                + " key sql (column 5)");
        assertThat(YamlText.invalid(twice, new IllegalStateException("Hunter4-s3cret")).getMessage())
                .isEqualTo(twice + ": not valid YAML (IllegalStateException)");
    }
}
