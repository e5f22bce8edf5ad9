package io.ceip.agent;

import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s18 F2: one huge value in a product table must not end the agent. A {@code product_module.name} of 150
 * million characters (a PostgreSQL {@code text}, about 2 MB stored), read by the shipped components query
 * (config/inventory.yaml, consent basic), with the packaged jar under the launcher's heap and flags (-Xmx128m,
 * -XX:+ExitOnOutOfMemoryError): the query cuts the value on the server, so the preview ends normally and the
 * component leaves as the pseudonym of its first characters.
 */
class HugeDatabaseValueDoesNotEndTheAgentIT {

    private static final Path JAR = Path.of(System.getProperty("ceip.jar", "target/ceip-agent.jar")).toAbsolutePath();

    @Test
    void aHugeComponentNameIsCutOnTheServerAndThePreviewGoesOn(@TempDir Path data) throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        try (Connection c = ProductEngine.connect(engine.url(), engine.adminUser(), engine.adminPassword());
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE product_module ALTER COLUMN name TYPE text");
            s.execute("INSERT INTO product_module VALUES (99, repeat('x', 150000000), '1.0')");
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as src/dist/bin/ceip-agent starts it
                "-XX:+UseSerialGC", "-Xmx128m", "-Xms32m", "-XX:+ExitOnOutOfMemoryError",
                "-jar", JAR.toString(), "preview")).directory(Path.of("").toAbsolutePath().toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CEIP_") || name.equals("DO_NOT_TRACK"));
        builder.environment().put("CEIP_DATA_DIRECTORY", data.toString());
        builder.environment().put("CEIP_DATABASE_URL", engine.url());
        builder.environment().put("CEIP_DATABASE_USER", engine.agentUser());
        builder.environment().put("CEIP_DATABASE_PASSWORD", ProductEngine.AGENT_PASSWORD);
        builder.environment().put("CEIP_DATABASE_DEMO_DATA", "false");
        builder.environment().put("CEIP_CONSENT_DEFAULT", "basic");
        builder.redirectErrorStream(true);
        Process preview = builder.start();
        String out = new String(preview.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(preview.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(preview.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("\"source\" : \"components\"")
                .doesNotContain("x".repeat(66)).contains("\"monitoring-core\"");
    }
}
