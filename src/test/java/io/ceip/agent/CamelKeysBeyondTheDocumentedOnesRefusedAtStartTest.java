package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.config.CamelKeys;
import io.ceip.agent.support.InstantiationProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration file's {@code camel.*} keys (and the {@code CAMEL_*} variables camel-main reads as such) are the
 * ones the documentation names: camel-main applied any of them before the agent's own check, and
 * {@code camel.beans.x=#class:...} made an object of any class on the class path,
 * {@code camel.main.routes-include-pattern} loaded other routes, {@code camel.management.upload-enabled} took routes
 * over HTTP, and an allowed key's value {@code #class:...} made an object too. Each is one line now, naming the file
 * and line (or the variable) and the key, never the value, before Camel applies any; the documented keys still start.
 */
class CamelKeysBeyondTheDocumentedOnesRefusedAtStartTest {

    private static final String PROBE = "#class:io.ceip.agent.support.InstantiationProbe";
    private static final String REFUSED = " is refused: of Camel's own keys only those docs/configuration.md lists may"
            + " be set (camel.main.name, camel.management.*, ...); others can load code or open what the agent keeps"
            + " closed (remove it)";
    private static final String HASH = "'s value starts with #: Camel makes or looks up an object from a value"
            + " starting with # (#class:, #type:, #bean:, ...); write the value itself";

    @TempDir
    Path dir;

    @BeforeEach
    void noProbeYet() {
        InstantiationProbe.MADE.set(0);
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    /** {@code preview} with a configuration file of the given lines after three of the agent's (line 4 on). */
    private Result preview(String... lines) throws Exception {
        Path config = dir.resolve("application.properties");
        Files.writeString(config, String.join("\n", "ceip.data.directory=" + dir.resolve("data"),
                "ceip.database.url=jdbc:h2:mem:camel-keys-" + UUID.randomUUID(), "ceip.collector.enabled=false",
                String.join("\n", lines), ""));
        System.setProperty("ceip.config", config.toString());
        return run("preview");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "camel.beans.probe                     | " + PROBE,
            "Camel.Beans.probe                     | " + PROBE,
            "camel.be-ans.probe                    | " + PROBE,
            "camel.main.routes-include-pattern     | file:/tmp/elsewhere/*.camel.yaml",
            "camel.main.routesIncludePattern       | file:/tmp/elsewhere/*.camel.yaml",
            "camel.main.configuration-classes      | io.ceip.agent.support.InstantiationProbe",
            "camel.main.jmx-update-route-enabled   | true",
            "camel.management.upload-enabled       | true",
            "camel.management.jolokia-enabled      | true",
            "camel.management.send-enabled         | true",
            "camel.server.static-enabled           | true",
            "camel.metrics.enable-exchange-event-notifier | true",
            "camel.component.seda.queue-size       | 1",
            "camel.globalOptions.x                 | y",
            "camel.main.name.x                     | y",
    })
    void aCamelKeyTheDocumentationDoesNotNameStopsTheStart(String key, String value) throws Exception {
        Result result = preview(key + "=" + value);

        assertThat(InstantiationProbe.MADE).as("objects made of the probe class").hasValue(0);
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("ceip-agent: " + dir.resolve("application.properties") + ":4: "
                + key + REFUSED);
        if (value.length() > 4) {
            assertThat(result.err()).doesNotContain(value);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "camel.main.name                  | " + PROBE,
            "camel.main.Name                  | #bean:probe",
            "camel.health.exclude-pattern     | #type:" + "io.ceip.agent.support.InstantiationProbe",
            "camel.management.host            | #property:ceip.endpoint.token",
    })
    void aDocumentedKeyWhoseValueStartsWithAHashStopsTheStart(String key, String value) throws Exception {
        Result result = preview(key + "=" + value);

        assertThat(InstantiationProbe.MADE).as("objects made of the probe class").hasValue(0);
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("ceip-agent: " + dir.resolve("application.properties") + ":4: "
                + key + HASH);
    }

    /** A placeholder could resolve to such a value ({@code PROBE_VALUE=#class:...}): refused as well. */
    @Test
    void aDocumentedKeyWhoseValueStartsWithAPlaceholderStopsTheStart() throws Exception {
        Result result = preview("camel.main.name={{sys:java.home}}");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("ceip-agent: " + dir.resolve("application.properties") + ":4:"
                + " camel.main.name's value starts with a placeholder: Camel makes or looks up an object from a value"
                + " starting with # (#class:, #type:, #bean:, ...); write the value itself");
    }

    /** Every key the documentation names, each set in the file: the agent starts (preview answers). */
    @Test
    void theDocumentedKeysStillStart() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("camel.main.name", "ceip-agent-probe");
        values.put("camel.main.shutdown-timeout", "20");
        values.put("camel.main.jmx-management-m-beans-level", "Default");
        values.put("camel.main.stream-caching-enabled", "false");
        values.put("camel.main.auto-configuration-log-summary", "false");
        values.put("camel.main.tracing", "false");
        values.put("camel.management.enabled", "false");
        values.put("camel.management.host", "127.0.0.1");
        values.put("camel.management.port", "9876");
        values.put("camel.management.health-check-enabled", "true");
        values.put("camel.management.metrics-enabled", "true");
        values.put("camel.metrics.enabled", "false");
        values.put("camel.health.enabled", "true");
        values.put("camel.health.routes-enabled", "true");
        values.put("camel.health.consumers-enabled", "false");
        values.put("camel.health.producers-enabled", "false");
        values.put("camel.health.registry-enabled", "true");
        values.put("camel.health.exclude-pattern", "nothing-*");
        values.put("camel.health.exposure-level", "full");
        values.put("camel.health.initial-state", "down");
        values.put("camel.server.enabled", "false");
        values.put("camel.server.host", "127.0.0.1");
        values.put("camel.server.port", "8080");
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(CamelKeys.ALLOWED);
        List<String> lines = new ArrayList<>();
        values.forEach((key, value) -> lines.add(key + "=" + value));

        Result result = preview(lines.toArray(String[]::new));

        assertThat(result.err()).doesNotContain("is refused", "starts with");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("\"consentLevel\"");
    }

    /** camel-main reads CAMEL_MAIN_*, CAMEL_BEANS_*, CAMEL_MANAGEMENT_*, ... as camel.* keys: a real start. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CAMEL_BEANS_PROBE                   | " + PROBE + "                     | refused",
            "CAMEL_MAIN_ROUTESINCLUDEPATTERN     | file:/tmp/elsewhere/*.camel.yaml  | refused",
            "camel_management_uploadEnabled      | true                              | refused",
            "CAMEL_MAIN_NAME                     | " + PROBE + "                     | value",
    })
    void aCamelEnvironmentVariableBeyondTheDocumentedKeysStopsTheStart(String name, String value, String why)
            throws Exception {
        ProcessBuilder builder = CommandLineRun.process(Path.of("").toAbsolutePath(), Map.of(name, value,
                "CEIP_DATA_DIRECTORY", dir.resolve("data").toString(), "CEIP_DATABASE_URL", "jdbc:h2:mem:env",
                "CEIP_COLLECTOR_ENABLED", "false"), "preview");
        builder.environment().keySet().removeIf(variable -> variable.startsWith("CAMEL_") && !variable.equals(name));
        Path stderr = dir.resolve("stderr.txt");
        Process process = builder.redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("preview did not end: " + Files.readString(stderr));
        }

        assertThat(Files.readAllLines(stderr)).containsExactly("ceip-agent: environment variable " + name
                + (why.equals("refused") ? REFUSED : HASH));
        assertThat(process.exitValue()).isEqualTo(1);
    }
}
