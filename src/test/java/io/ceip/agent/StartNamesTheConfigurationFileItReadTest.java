package io.ceip.agent;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file's values reach Camel as the text that was checked, not as a location of Camel's, so Camel's own start line
 * ({@code Properties location: ...}) names the embedded defaults only: the agent's start names the configuration file
 * it read, absolute, in one INFO line (before session 31, Camel's line named it).
 */
class StartNamesTheConfigurationFileItReadTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void theStartNamesTheFileItsSettingsWereReadFrom() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.database.url=jdbc:h2:mem:named-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.schedule.enabled=false", "ceip.dead-letter.replay-enabled=false",
                ""));
        System.setProperty("ceip.config", config.toString());
        Main main = AgentCommand.newMain(java.util.Map.of());
        try (LogCapture log = LogCapture.attach()) {
            main.start();

            assertThat(log.shown().lines()).contains(CeipConfiguration.class.getName() + " Settings read from the"
                    + " configuration file " + config.toAbsolutePath() + ", then the embedded defaults");
        } finally {
            main.stop();
        }
    }
}
