package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A product database URL naming an H2 file that is not there (a typo: {@code jdbc:h2:file:/srv/acme/ledgr}) is
 * never created by the agent: H2 would make an empty database there, its first user (the agent's read-only account)
 * its administrator, and every report would then say "table not found". The report is partial with reason
 * {@code connection}, and the log line says what to fix; the consent query on such a URL says it too.
 */
class ProductH2FileNeverCreatedTest extends AgentTestSupport {

    // made on first use: the properties are asked for from the constructor, before field initialisers
    private Path folder;

    private Path folder() {
        if (folder == null) {
            folder = newTempDirectory();
        }
        return folder;
    }

    @Override
    protected Properties overrides() {
        return with("ceip.database.url", "jdbc:h2:file:" + folder().resolve("ledgr"),
                "ceip.database.user", "ceip_reader", "ceip.database.password", "Reader-Pw-0451");
    }

    @Test
    void aMissingH2FileIsNotCreatedAndTheLineSaysSo() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            try (Stream<Path> files = Files.list(folder())) {
                assertThat(files).isEmpty();
            }
            JsonNode report = parse(server().received().get(0).json());
            assertThat(report.get("partial").asBoolean()).isTrue();
            assertThat(report.get("failures")).singleElement()
                    .satisfies(failure -> assertThat(failure.get("reason").asText()).isEqualTo("connection"));
            assertThat(log.all()).contains("product database unavailable (connection,"
                    + " JdbcSQLNonTransientConnectionException SQLSTATE 90146): no H2 database at the path"
                    + " ceip.database.url names (the agent never creates one): check the path")
                    .doesNotContain("Reader-Pw-0451");
        }
    }

    /** A vendor's newcomer run read "delivered" of a report without its database part. */
    @Test
    void sendNowSaysTheDeliveredReportIsPartialAndWhy() {
        String answer = management().sendNow();

        assertThat(answer).isEqualTo("Report " + server().received().get(0).header("Idempotency-Key")
                + " delivered (partial: 1 failure: database connection; see the log)");
    }
}
