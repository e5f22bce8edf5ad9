package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration file is UTF-8, for the check and for Camel alike: a product name with umlauts reaches the report
 * as written (Camel read the file as ISO-8859-1, and {@code Überwachung Süd} was sent as {@code Ãberwachung SÃ¼d}),
 * in the agent's start ({@code preview}), in the commands without routes ({@link AgentSettings#load}) and under
 * camel-main's own {@code Main} ({@link CeipConfiguration#addAgentPropertyLocations}).
 */
class PreviewShowsTheConfigurationFileAsWrittenTest {

    private static final String NAME = "Überwachung Süd";

    @TempDir
    Path dir;

    @BeforeEach
    void configure() throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.product.name=" + NAME,
                "ceip.consent.default=basic", "ceip.database.url=jdbc:h2:mem:utf8-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", ""), StandardCharsets.UTF_8);
        System.setProperty("ceip.config", config.toString());
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void theReportNamesTheProductAsWritten() {
        Result preview = run("preview");

        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("\"name\" : \"" + NAME + "\"");
    }

    @Test
    void theCommandsWithoutRoutesReadItAsWritten() {
        assertThat(AgentSettings.load(Map.of()).settings().string("ceip.product.name")).isEqualTo(NAME);
    }

    @Test
    void camelMainsOwnStartReadsItAsWritten() {
        CamelContext context = new DefaultCamelContext(false);
        context.build();
        PropertiesComponent properties = context.getPropertiesComponent();

        CeipConfiguration.addAgentPropertyLocations(context);

        assertThat(properties.resolveProperty("ceip.product.name")).contains(NAME);
    }
}
