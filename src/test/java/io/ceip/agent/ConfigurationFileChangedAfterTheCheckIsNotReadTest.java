package io.ceip.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel is handed the configuration file's text as the launcher checked it, never the file's path: it read the file
 * itself after the check (its size bound, its placeholders), so a file rewritten or grown in between was read
 * unchecked and unbounded. Here the file is rewritten, over 1 MiB, between the launcher's check and the start: the
 * agent starts with what was checked.
 */
class ConfigurationFileChangedAfterTheCheckIsNotReadTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void theStartReadsTheTextThatWasChecked() throws Exception {
        Path config = dir.resolve("application.properties");
        String settings = String.join("\n", "ceip.data.directory=" + dir.resolve("data"),
                "ceip.database.url=jdbc:h2:mem:checked-" + UUID.randomUUID(), "ceip.collector.enabled=false", "");
        Files.writeString(config, settings + "ceip.product.name=As checked\n");
        System.setProperty("ceip.config", config.toString());

        Main main = AgentCommand.newMain(AgentCommand.ONE_SHOT); // the launcher checks the file here
        main.bind(AgentCommand.ONE_SHOT_COMMAND, Boolean.TRUE);
        main.bind(Wiring.READS_ONLY, Boolean.TRUE);
        Files.writeString(config, settings + "ceip.product.name=Rewritten\nceip.product.edition=grown\n"
                + "#".repeat(2 << 20) + "\n");
        try {
            main.start();
            var properties = main.getCamelContext().getPropertiesComponent();
            assertThat(properties.resolveProperty("ceip.product.name")).contains("As checked");
            assertThat(properties.resolveProperty("ceip.product.edition")).as("the embedded default")
                    .contains("community");
        } finally {
            main.stop();
        }
    }
}
