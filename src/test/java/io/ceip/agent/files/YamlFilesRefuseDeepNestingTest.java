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
 * Each YAML file the administrator writes, nested some thousands of levels deep, stops the start with one line naming
 * the file and the line (the redaction rules ended it with a StackOverflowError and its stack trace).
 */
class YamlFilesRefuseDeepNestingTest {

    @TempDir
    Path dir;

    @Test
    void everyYamlFileTheAgentReadsRefusesDeepNestingInOneLine() throws Exception {
        List<Consumer<Path>> loaders = List.of(UsageQueries::load, InventoryCatalog::load, EventCatalog::load,
                file -> RedactionRulesFile.load(file, null));
        String[] bombs = { "queries: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n",
            "secret-keys:\n  " + "{a: ".repeat(5_000) + "1" + "}".repeat(5_000) + "\n" };
        for (Consumer<Path> loader : loaders) {
            for (String bomb : bombs) {
                Path file = Files.writeString(Files.createTempFile(dir, "deep", ".yaml"), bomb);
                assertThatThrownBy(() -> loader.accept(file)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageMatching(java.util.regex.Pattern.quote(file.toString())
                                + ":[12]: nested deeper than 64 levels of lists and maps");
            }
        }
    }

    @Test
    void aliasesAFifoAndAHugeFileAreRefusedInOneLine() throws Exception {
        List<Consumer<Path>> loaders = List.of(UsageQueries::load, InventoryCatalog::load, EventCatalog::load,
                file -> RedactionRulesFile.load(file, null));
        for (Consumer<Path> loader : loaders) {
            Path selfReference = Files.writeString(Files.createTempFile(dir, "alias", ".yaml"), "x: &a {k: *a}\n");
            assertThatThrownBy(() -> loader.accept(selfReference)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(selfReference + ":1: a YAML alias (*name): not accepted");
            Path huge = Files.writeString(Files.createTempFile(dir, "huge", ".yaml"), "# " + "x".repeat(1024 * 1024));
            assertThatThrownBy(() -> loader.accept(huge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith(huge.toAbsolutePath() + " is over 1048576 bytes");
        }
        Path fifo = dir.resolve("fifo.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        for (Consumer<Path> loader : loaders) {
            assertThatThrownBy(() -> loader.accept(fifo)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith(fifo.toAbsolutePath() + " is not a regular file");
        }
    }

    @Test
    void nestingWithinTheBoundIsLeftToTheLoader() {
        YamlText.check("f", "a: " + "[".repeat(YamlText.MAX - 1) + "]".repeat(YamlText.MAX - 1));
        YamlText.check("f", "not: [yaml");
        assertThatThrownBy(() -> YamlText.check("f", "a: " + "[".repeat(YamlText.MAX) + "]".repeat(YamlText.MAX)))
                .hasMessage("f:1: nested deeper than 64 levels of lists and maps");
        assertThat(YamlText.MAX).isEqualTo(64);
    }
}
