package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The house rule the agent's build enforces (its PackagesImportOneWayTest), for the collector too: no production
 * class is longer than 250 lines, so that each stays one small plain thing.
 */
class ProductionClassesStayWithin250LinesTest {

    static final int MAX_LINES = 250;

    @Test
    void noProductionClassIsLongerThan250Lines() throws Exception {
        Path sources = Path.of("src/main/java");
        List<String> oversized;
        try (Stream<Path> files = Files.walk(sources)) {
            oversized = files.filter(file -> file.toString().endsWith(".java")).flatMap(file -> {
                try {
                    long lines = Files.readAllLines(file).size();
                    return lines > MAX_LINES ? Stream.of(sources.relativize(file) + " has " + lines + " lines")
                            : Stream.empty();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(oversized).as("production classes over %d lines", MAX_LINES).isEmpty();
    }
}
