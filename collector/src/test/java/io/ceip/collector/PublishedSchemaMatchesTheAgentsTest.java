package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The collector checks reports against its own copy of the published schema: the copy of the agent's current
 * schema version ({@code ../src/main/resources/report-schema.json} in this repository, its
 * {@code x-schema-version}) must be there and be the same bytes, so that a changed schema cannot reach the agents
 * while the collector refuses their reports.
 */
class PublishedSchemaMatchesTheAgentsTest {

    @Test
    void theCollectorHoldsTheAgentsSchemaUnderItsVersion() throws Exception {
        Path agents = Path.of("../src/main/resources/report-schema.json");
        assertThat(agents).as("the agent's published schema, beside collector/").isRegularFile();
        int version = new ObjectMapper().readTree(agents.toFile()).get("x-schema-version").asInt();

        Path copy = Path.of("src/main/resources/schemas/report-v" + version + ".schema.json");

        assertThat(copy).isRegularFile();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(agents));
    }
}
