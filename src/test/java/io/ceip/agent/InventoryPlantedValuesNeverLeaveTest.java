package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.PlantedSecrets;
import io.ceip.agent.support.TestHttpsServer.Received;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secret-like values ({@link PlantedSecrets#generate()}) and values no pattern recognises (customer names, logins,
 * short passwords: {@link PlantedSecrets#unrecognisable()}) are planted everywhere the inventory reads: component
 * names and versions in the product database (H2, through the collection's connection), and in the licence file
 * the product writes — its type, end date, customer name, raw key, feature keys and values, and engine IDs. After
 * previews and report cycles at full and then basic consent (to a real HTTPS server, some after failures that keep
 * them in the dead-letter store), none of the values is in a request body or header, a file under the data
 * directory, a preview or the log; what does leave is declared names, versions, pseudonyms and counts.
 */
class InventoryPlantedValuesNeverLeaveTest extends AgentTestSupport {

    private static final Map<String, String> VALUES = PlantedSecrets.all();
    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        try {
            int id = 100;
            for (String value : VALUES.values()) {
                String v = "'" + value.replace("'", "''") + "'";
                database().execute("INSERT INTO product_module VALUES (" + id++ + ", " + v + ", '1.0.0')",
                        "INSERT INTO product_module VALUES (" + id++ + ", 'monitoring-core', " + v + ")",
                        "INSERT INTO product_module VALUES (" + id++ + ", 'widget/graph', '1.2-" + value.replace("'", "''")
                                + "')");
            }
            Path dir = newTempDirectory();
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("dashboards", true);
            VALUES.values().forEach(value -> features.put(value, true));
            features.put("reporting", "hunter2");
            Map<String, Object> licence = new LinkedHashMap<>();
            licence.put("type", "Globex Corporation");
            licence.put("validUntil", "Summer24");
            licence.put("unlimited", "letmein");
            licence.put("customer", "Initech");
            licence.put("raw", String.join(";", VALUES.values()));
            licence.put("features", features);
            licence.put("engines", new ArrayList<>(VALUES.values()));
            Path licenceFile = dir.resolve("licence.json");
            Files.write(licenceFile, JSON.writeValueAsBytes(licence));
            Files.setPosixFilePermissions(licenceFile, PosixFilePermissions.fromString("rw-------"));
            Path catalog = Files.writeString(dir.resolve("inventory.yaml"), """
                    components:
                      sql: SELECT name, version FROM product_module
                      names: [monitoring-core, widget/graph]
                      undeclared: pseudonymised
                    licence:
                      file: %s
                      types: [enterprise]
                      features: [dashboards, reporting]
                      customer: pseudonymised
                    """.formatted(licenceFile));
            return with("ceip.consent.default", "full", "ceip.inventory.catalog-file", catalog.toString(),
                    "ceip.collect.max-rows", "100000");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void noneOfTheValuesLeavesOrIsWritten() throws Exception {
        List<String> outputs = previewsAndCyclesThenBasic();
        List<String> bodies = server().received().stream().map(Received::json).toList();

        List<String> found = plantedValuesFound(VALUES, outputs, log.all());
        System.out.printf("%d values planted in component names and versions and the licence file; found: %d%n",
                VALUES.size(), found.size());
        assertThat(found).as("planted values found in what left or was written").isEmpty();

        JsonNode full = bodies.stream().map(AgentTestSupport::parse)
                .filter(b -> b.get("consentLevel").asText().equals("full")).findFirst().orElseThrow();
        List<String> names = full.at("/components/installed").findValuesAsText("name");
        assertThat(names).filteredOn(n -> n.matches("p:[0-9a-f]{16}")).as("planted names, as pseudonyms")
                .hasSize(VALUES.size() + 1);
        assertThat(full.at("/components/dropped").asLong()).as("every planted version")
                .isEqualTo(2L * VALUES.size());
        JsonNode licence = full.get("licence");
        assertThat(licence.get("type").asText()).isEqualTo("other");
        assertThat(licence.has("validUntil")).isFalse();
        assertThat(licence.has("unlimited")).isFalse();
        assertThat(licence.get("customer").asText()).matches("p:[0-9a-f]{16}");
        assertThat(licence.get("features").toString()).isEqualTo("{\"dashboards\":true}");
        assertThat(licence.get("engines")).hasSize(100);
        assertThat(licence.get("dropped").asLong()).isEqualTo(2 + VALUES.size() + 1 + (VALUES.size() - 100));
        JsonNode basic = bodies.stream().map(AgentTestSupport::parse)
                .filter(b -> b.get("consentLevel").asText().equals("basic")).findFirst().orElseThrow();
        assertThat(basic.has("licence")).isFalse();
        assertThat(basic.get("components")).isEqualTo(full.get("components"));
    }
}
