package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong password (or a database that is down) still gives a report, marked partial; the password never shows. */
class DatabaseUnreachableTest extends AgentTestSupport {

    private static final String WRONG = "Wr0ng-Passw0rd-7731";

    @Override
    protected Properties overrides() {
        return with("ceip.database.password", WRONG);
    }

    @Test
    void aWrongPasswordGivesAPartialReportAndOneLogLine() {
        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();
            runReportCycle();

            assertThat(server().received()).hasSize(2);
            JsonNode report = parse(server().received().get(0).json());
            assertThat(report.get("partial").asBoolean()).isTrue();
            assertThat(report.get("database").isNull()).isTrue();
            assertThat(report.get("failures")).singleElement().satisfies(failure -> {
                assertThat(failure.get("source").asText()).isEqualTo("database");
                assertThat(failure.get("error").asText()).isEqualTo("JdbcSQLInvalidAuthorizationSpecException");
            });
            assertThat(report.at("/usage").isEmpty()).isTrue();
            assertThat(log.all()).contains("product database unavailable (authentication,"
                    + " JdbcSQLInvalidAuthorizationSpecException SQLSTATE 28000); usage counts skipped")
                    .doesNotContain(WRONG);
        }
    }
}
