package io.ceip.agent.report;

import io.ceip.agent.collect.CollectionBudgetExceededException;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FailureReasonTest {

    @ParameterizedTest
    @CsvSource({
            "57014, timeout", "70100, timeout", "HYT00, timeout", "25006, read-only", "42P01, undefined-object",
            "42S02, undefined-object", "42703, undefined-object", "42501, permission", "28P01, authentication",
            "28000, authentication", "08001, connection", "08006, connection", "22012, error", "90096, permission",
            "90040, permission", "90020, connection" })
    void sqlStatesMeanTheSameOnEveryEngine(String state, String reason) {
        assertThat(FailureReason.of(new SQLException("ignored", state))).isEqualTo(reason);
    }

    /**
     * H2 says a missing table with SQLSTATE 42S04 when its database holds no table at all ("this database is empty":
     * a product's URL naming a new in-memory or wrong database), and the report named it {@code error}, where 42S02,
     * the same missing table in a database with tables, is {@code undefined-object}. Read from a real H2.
     */
    @Test
    void aTableMissingFromAnEmptyH2DatabaseIsAnUndefinedObject() throws Exception {
        try (java.sql.Connection empty = java.sql.DriverManager.getConnection("jdbc:h2:mem:empty-"
                + java.util.UUID.randomUUID(), "sa", "");
                java.sql.Statement statement = empty.createStatement()) {
            SQLException missing = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> statement.executeQuery("SELECT COUNT(*) FROM host"));

            assertThat(missing.getSQLState()).isEqualTo("42S04");
            assertThat(FailureReason.of(missing)).isEqualTo("undefined-object");
        }
    }

    @Test
    void typesAndCausesCountWhenThereIsNoState() {
        assertThat(FailureReason.of(new SQLTimeoutException("no state"))).isEqualTo("timeout");
        assertThat(FailureReason.of(new RuntimeException(new SQLException("x", "25006")))).isEqualTo("read-only");
        assertThat(FailureReason.of(new CollectionBudgetExceededException())).isEqualTo(FailureReason.BUDGET);
        assertThat(FailureReason.of(new io.ceip.agent.collect.WriteRefusedException("commit"))).isEqualTo("read-only");
        assertThat(FailureReason.of(new IllegalStateException("plain"))).isEqualTo("error");
        assertThat(FailureReason.of(null)).isEqualTo("error");
    }

    @Test
    void anH2FileInUseIsExplainedOnlyForTheLogAndTheStateIsShown() {
        SQLException inUse = new SQLException("Database may be already in use: /srv/acme/acme.mv.db", "90020");

        assertThat(FailureReason.advice(new RuntimeException(inUse))).contains("in use by another process")
                .contains(";AUTO_SERVER=TRUE").contains("jdbc:h2:tcp://").doesNotContain("/srv/acme");
        assertThat(FailureReason.sqlState(new RuntimeException(inUse))).isEqualTo(" SQLSTATE 90020");
        assertThat(FailureReason.advice(new SQLException("refused", "28000"))).isEmpty();
        assertThat(FailureReason.sqlState(new IllegalStateException("no SQL"))).isEmpty();
    }

    @Test
    void anH2FileThatIsNotThereIsAConnectionFailureExplainedWithoutItsPath() {
        SQLException missing = new SQLException("Database \"/srv/acme/ledgr\" not found, and IFEXISTS=true", "90146");

        assertThat(FailureReason.of(new RuntimeException(missing))).isEqualTo("connection");
        assertThat(FailureReason.advice(missing)).contains("no H2 database at the path ceip.database.url names")
                .doesNotContain("/srv/acme");
    }
}
