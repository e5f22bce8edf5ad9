package io.ceip.agent.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files the agent is shipped with beside its jar ({@code routes/}, {@code config/}), and those of the collector
 * that the demo runs beside it ({@code collector/routes/}, {@code collector/config/}), for tests that run the jar.
 */
public final class ShippedFiles {

    private ShippedFiles() {
    }

    /** Copies them from the repository into {@code directory}, each under the same relative path. */
    public static void copyTo(Path directory) throws IOException {
        for (String dir : List.of("routes", "config", "collector/routes", "collector/config")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                Files.createDirectories(directory.resolve(dir));
                for (Path file : files.toList()) {
                    Files.copy(file, directory.resolve(dir).resolve(file.getFileName()));
                }
            }
        }
    }
}
