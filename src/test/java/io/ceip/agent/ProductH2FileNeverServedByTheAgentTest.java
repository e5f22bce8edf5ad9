package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.H2ProductProcess;
import io.ceip.agent.support.LogCapture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's embedded H2 database, given with {@code AUTO_SERVER=TRUE} as docs/database.md says, is read only
 * through the server the product's process runs (a real second process here), and never opened by the agent: while
 * the product is down the collection fails with reason {@code connection} and one line saying the database is not
 * being served, the file untouched, no lock file, no H2 server in the agent's JVM. Before, the agent opened the file
 * itself and became its server (the product then ran its queries through the agent's JVM until the agent closed it).
 */
class ProductH2FileNeverServedByTheAgentTest extends AgentTestSupport {

    private Path base;

    @Override
    protected Properties overrides() {
        base = newTempDirectory().resolve("acme/acme");
        try (Connection product = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "");
                Statement sql = product.createStatement()) {
            sql.execute("CREATE TABLE item(id INT)");
            sql.execute("INSERT INTO item VALUES (1), (2), (3)");
            sql.execute("CREATE USER ceip_reader PASSWORD 'reader-pw'");
            sql.execute("GRANT SELECT ON item TO ceip_reader");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try {
            Path queries = Files.writeString(newTempDirectory().resolve("queries.yaml"),
                    "queries:\n  - name: items\n    sql: SELECT COUNT(*) FROM item\n");
            return with("ceip.consent.default", "basic", "ceip.database.url", url(), "ceip.database.user",
                    "ceip_reader", "ceip.database.password", "reader-pw", "ceip.collect.queries-file",
                    queries.toString(), "ceip.inventory.catalog-file", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String url() {
        return "jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE";
    }

    @Test
    void whileTheProductIsDownTheCollectionFailsAndTheFileIsNeverOpened() throws Exception {
        Path data = Path.of(base + ".mv.db");
        FileTime modified = Files.getLastModifiedTime(data);
        long size = Files.size(data);

        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            assertThat(log.all()).containsOnlyOnce("SQLSTATE 08X01): the product's H2 database is not being served"
                    + " (the product is not running, or opened the file without ;AUTO_SERVER=TRUE)");
        }
        JsonNode report = lastReport();
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.at("/failures/0/reason").asText()).isEqualTo("connection");
        assertNoH2ServerHere();
        assertThat(Path.of(base + ".lock.db")).as("no process serves the file").doesNotExist();
        assertThat(Files.getLastModifiedTime(data)).as("the file untouched").isEqualTo(modified);
        assertThat(Files.size(data)).isEqualTo(size);
    }

    @Test
    void theProductsServerIsReadAndWhenTheProductStopsTheAgentDoesNotTakeItsPlace() throws Exception {
        Process product = H2ProductProcess.start(url());
        String lock;
        try {
            lock = Files.readString(Path.of(base + ".lock.db"));
            assertThat(lock).contains("server=");

            runReportCycle();

            JsonNode served = lastReport();
            assertThat(served.get("partial").asBoolean()).as(served.toString()).isFalse();
            assertThat(served.at("/usage/items").asLong()).isEqualTo(3);
            assertThat(Files.readString(Path.of(base + ".lock.db"))).as("still the product's server").isEqualTo(lock);
            assertNoH2ServerHere();
            assertThat(product.isAlive()).isTrue();
        } finally {
            H2ProductProcess.stop(product);
        }
        assertThat(Path.of(base + ".lock.db")).as("the product closed its database").doesNotExist();

        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            assertThat(log.all()).contains("SQLSTATE 08X01): the product's H2 database is not being served");
        }
        assertThat(lastReport().at("/failures/0/reason").asText()).isEqualTo("connection");
        assertThat(Path.of(base + ".lock.db")).as("no process serves the file").doesNotExist();
        assertNoH2ServerHere();
    }

    private JsonNode lastReport() {
        return parse(server().received().get(server().received().size() - 1).json());
    }

    /** No H2 TCP server ({@code H2 TCP Server (tcp://…)}, H2 2.x) in the agent's JVM. */
    private static void assertNoH2ServerHere() {
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("H2 TCP Server"));
    }
}
