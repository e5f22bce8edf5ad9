package io.ceip.collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller running the collector in its own JVM (the agent's demo, in another working directory) names the settings
 * file with {@code collector.config}: that file is read instead of {@code config/application.properties} of the
 * working directory; what the caller gives still wins over the file.
 */
class CollectorSettingsReadTheNamedFileTest {

    @TempDir
    Path dir;

    @Test
    void theFileNamedByTheCallerIsReadAndTheCallersSettingsWin() throws Exception {
        Path file = Files.writeString(dir.resolve("elsewhere.properties"),
                "collector.fleet.window-days=7\ncollector.port=19443\n");

        CollectorSettings settings = CollectorSettings.load(Map.of("collector.config", file.toString(),
                "collector.port", "20443"));

        assertThat(settings.get("collector.fleet.window-days")).as("from the named file").isEqualTo("7");
        assertThat(settings.get("collector.port")).as("the caller's").isEqualTo("20443");
        assertThat(CollectorSettings.load(Map.of()).get("collector.fleet.window-days")).as("without it")
                .isEqualTo("30");
    }
}
