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
 * A usage query that fails on the product's database (a table it does not have, as when a configuration copied out of
 * the repository still names the demo's relative {@code config/usage-queries.yaml}) and one that returns rows of (key,
 * number) while declaring no keys (a vendor's first count by channel) each make the report partial, and their WARN
 * lines name the queries file as an absolute path (the file to fix); the second says what the query must return.
 */
class UsageQueryFailureNamesTheQueriesFileTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private Path queries;

    @Override
    protected Properties overrides() {
        try {
            queries = Files.writeString(newTempDirectory().resolve("usage-queries.yaml"), """
                    queries:
                      - name: bookings
                        sql: SELECT COUNT(*) FROM no_such_table
                      - name: hosts-by-name
                        sql: SELECT SUBSTRING(name, 1, 65), COUNT(*) FROM host GROUP BY name
                      - name: hosts
                        sql: SELECT COUNT(*) FROM host
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with("ceip.collect.queries-file", queries.toString());
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void eachLineNamesTheQueriesFileAndTheKeyedRowsLineSaysWhatToDeclare() throws Exception {
        runReportCycle();

        JsonNode report = parse(server().received().get(0).json());
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.get("usage").get("hosts").asLong()).isPositive();
        assertThat(report.get("failures").toString()).contains("\"source\":\"query:bookings\"")
                .contains("\"reason\":\"undefined-object\"").contains("\"source\":\"query:hosts-by-name\"")
                .contains("\"reason\":\"undeclared-key\"");
        String file = "its SQL is in ceip.collect.queries-file " + queries.toAbsolutePath() + ")";
        assertThat(log.all().lines().filter(line -> line.contains("usage query 'bookings'")))
                .singleElement().asString()
                .contains("failed (undefined-object, ").contains(file).contains("the report will be partial");
        assertThat(log.all().lines().filter(line -> line.contains("usage query 'hosts-by-name'")))
                .singleElement().asString()
                .contains("returned what may not leave (undeclared-key: rows of two columns, but it declares no"
                        + " keys: one number (one row, one column), or rows of (key, number) with keys: [...] or keys:"
                        + " pseudonymised at level: full; " + file)
                .contains("the report will be partial");
    }
}
