package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.apache.camel.main.Main;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.ManagementMBeansLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher hands Camel the configuration file's checked text, not its path; camel-main's own {@code camel.*} keys
 * in that file still apply as operations.md says ({@code camel.main.jmx-management-m-beans-level=Default} "in the
 * configuration file adds one per step"), and a {@code camel.component.https.*} key there still stops the start
 * (security.md). Handed as a {@code ref:} location, the file's keys were invisible to camel-main's auto-configuration
 * and to the agent's lock on the HTTP client's options, which both read the keys Camel can list: the first was
 * ignored without a word and the second was not refused. Its values are read as Camel reads a file's.
 */
class CamelKeysOfTheConfigurationFileApplyAtTheLaunchersStartTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    private Main launchersOneShot(String... lines) throws Exception {
        Path config = dir.resolve("application.properties");
        Files.writeString(config, String.join("\n", "ceip.data.directory=" + dir.resolve("data"),
                "ceip.database.url=jdbc:h2:mem:camel-keys-" + UUID.randomUUID(), "ceip.collector.enabled=false",
                String.join("\n", lines), ""));
        System.setProperty("ceip.config", config.toString());
        Main main = AgentCommand.newMain(AgentCommand.ONE_SHOT);
        main.bind(AgentCommand.ONE_SHOT_COMMAND, Boolean.TRUE);
        main.bind(Wiring.READS_ONLY, Boolean.TRUE);
        return main;
    }

    @Test
    void aCamelMainKeyOfTheFileIsApplied() throws Exception {
        Main main = launchersOneShot("camel.main.jmx-management-m-beans-level=Default");
        try {
            main.start();
            ManagementAgent agent = main.getCamelContext().getManagementStrategy().getManagementAgent();
            assertThat(agent.getMBeansLevel()).as("the file's value over the embedded RoutesOnly")
                    .isEqualTo(ManagementMBeansLevel.Default);
        } finally {
            main.stop();
        }
    }

    /**
     * Camel trims the spaces that end a value it reads from a file ({@code file:} and {@code classpath:} locations);
     * the checked text is read the same: {@code camel.main.name=probe-name   } named the context with the spaces.
     */
    @Test
    void theSpacesEndingAValueAreTrimmedAsCamelTrimsAFilesValues() throws Exception {
        Main main = launchersOneShot("camel.main.name=probe-name   ", "ceip.product.name=Trailing \u0020  ");
        try {
            main.start();
            assertThat(main.getCamelContext().getName()).isEqualTo("probe-name");
            assertThat(main.getCamelContext().getPropertiesComponent().resolveProperty("ceip.product.name"))
                    .contains("Trailing");
        } finally {
            main.stop();
        }
    }

    @Test
    void aComponentKeyOfTheFileStillStopsTheStart() throws Exception {
        Main main = launchersOneShot("camel.component.https.connections-per-route=3");
        AgentStarts.assertStartStopsSaying(main, "camel.component.https.connections-per-route (in "
                + dir.resolve("application.properties") + ") is refused: the agent alone configures its HTTP client"
                + " and TLS (trust, hostname verification, protocols, ciphers, retries, connections); remove this"
                + " setting");
    }
}
