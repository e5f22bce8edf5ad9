package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An inventory query that fails on the product's database (here a table the catalog names and the database does not
 * have, as when an installation runs the demo's catalog against its own tables) makes the report partial with the
 * reason, and its one WARN line names the catalog's file as an absolute path: the file to fix.
 */
class InventoryQueryFailureNamesTheCatalogTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private Path catalog;

    @Override
    protected Properties overrides() {
        try {
            catalog = Files.writeString(newTempDirectory().resolve("inventory.yaml"), """
                    components:
                      sql: SELECT name, version FROM no_such_table
                      names: [monitoring-core]
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with("ceip.inventory.catalog-file", catalog.toString());
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void theReportIsPartialAndTheLineNamesTheCatalogFile() throws Exception {
        runReportCycle();

        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.get("failures").toString()).contains("\"source\":\"components\"")
                .contains("\"reason\":\"undefined-object\"");
        assertThat(log.all().lines().filter(line -> line.contains("inventory components")))
                .singleElement().asString()
                .contains("failed (").contains("its query is in ceip.inventory.catalog-file "
                        + catalog.toAbsolutePath() + ")").contains("the report will be partial");
    }
}
