package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.support.ShippedFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running product that embeds H2 holds its database file open (this test's JVM plays the product); the agent is
 * another process. Opened by the product with {@code AUTO_SERVER=TRUE}, the file is read by {@code preview} and
 * {@code send} alike through the product's own server (a preview asked H2 for read-only, which H2 refuses with that
 * setting, and showed the database as unavailable); opened without it, the report says {@code connection} and the
 * log line says what to change.
 */
class PreviewReadsAnH2FileTheProductHoldsIT {

    @TempDir
    Path workDir;

    @Test
    void aPreviewReadsTheFileThroughTheProductsServerWhenItIsOpenedWithAutoServer() throws Exception {
        String url = "jdbc:h2:file:" + workDir.resolve("acme/acme") + ";AUTO_SERVER=TRUE";
        try (Connection product = productDatabase(url)) {
            Preview preview = preview(url);

            assertThat(preview.code()).as(preview.stderr()).isZero();
            assertThat(preview.stderr()).doesNotContain("unavailable");
            assertThat(preview.report().at("/usage/items").asLong()).isEqualTo(3);
            assertThat(preview.report().get("partial").asBoolean()).isFalse();
            assertThat(product.isValid(1)).as("the product's connection, untouched").isTrue();
        }
    }

    @Test
    void aFileTheProductHoldsWithoutAutoServerIsAConnectionFailureWithItsCureInTheLog() throws Exception {
        String url = "jdbc:h2:file:" + workDir.resolve("acme/acme");
        try (Connection product = productDatabase(url)) {
            Preview preview = preview(url);

            assertThat(preview.code()).as(preview.stderr()).isZero();
            assertThat(preview.report().get("partial").asBoolean()).isTrue();
            assertThat(preview.report().at("/failures/0/reason").asText()).isEqualTo("connection");
            assertThat(preview.stderr()).contains("product database unavailable (connection,")
                    .contains(" SQLSTATE 90020): the H2 file is in use by another process (the product); the product"
                            + " must open it with ;AUTO_SERVER=TRUE")
                    .doesNotContain(workDir.toString()).doesNotContain("\tat ");
        }
    }

    private record Preview(int code, JsonNode report, String stderr) {
    }

    /** The product's database, held open by this JVM: a table of 3 rows, and the agent's account that may read it. */
    private static Connection productDatabase(String url) throws Exception {
        Connection product = DriverManager.getConnection(url, "sa", "");
        try (Statement sql = product.createStatement()) {
            sql.execute("CREATE TABLE item(id INT)");
            sql.execute("INSERT INTO item VALUES (1), (2), (3)");
            sql.execute("CREATE USER ceip_reader PASSWORD 'reader-pw'");
            sql.execute("GRANT SELECT ON item TO ceip_reader");
        }
        return product;
    }

    private Preview preview(String url) throws Exception {
        ShippedFiles.copyTo(workDir);
        Path queries = Files.writeString(workDir.resolve("config/acme-queries.yaml"),
                "queries:\n  - name: items\n    sql: SELECT COUNT(*) FROM item\n");
        Files.writeString(workDir.resolve("config/application.properties"), String.join("\n",
                "ceip.product.name=Acme Inventory", "ceip.product.version=2.0.0", "ceip.database.url=" + url,
                "ceip.database.user=ceip_reader", "ceip.database.password=reader-pw", "ceip.database.demo-data=false",
                "ceip.collector.enabled=false", "ceip.collect.queries-file=" + queries, "ceip.inventory.catalog-file=",
                "ceip.consent.default=basic", ""));
        Process process = CommandLineRun.process(workDir, Map.of(), "preview").start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Preview(process.exitValue(), stdout.isBlank() ? null : new ObjectMapper().readTree(stdout), stderr);
    }
}
