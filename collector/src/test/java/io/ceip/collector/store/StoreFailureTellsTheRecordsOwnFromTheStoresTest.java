package io.ceip.collector.store;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures may be a Kafka record's own (quarantined after its tries) and which are the node's or the database's
 * (waited out for ever): a record quarantined for the node's state would leave the fleet's figures for a reason that
 * passes.
 */
class StoreFailureTellsTheRecordsOwnFromTheStoresTest {

    @Test
    void aStackOverflowAndValuesAConstraintOrALimitRefusesAreTheRecords() {
        assertThat(StoreFailure.isTheRecords(new StoreError(new StackOverflowError()))).isTrue();
        assertThat(StoreFailure.isTheRecords(new SQLException("x", "23505"))).isTrue();
        assertThat(StoreFailure.isTheRecords(new SQLException("x", "22P02"))).isTrue();
        assertThat(StoreFailure.isTheRecords(new SQLException("x", "54001"))).isTrue();
    }

    @Test
    void memoryRunningOutAndClassesFailingToLoadAreTheNodesAndWait() {
        // the intake bounds a record's size: a node out of memory is out of it for every record alike
        assertThat(StoreFailure.isTheRecords(new StoreError(new OutOfMemoryError("Java heap space")))).isFalse();
        assertThat(StoreFailure.isTheRecords(new StoreError(new NoClassDefFoundError("x")))).isFalse();
    }

    @Test
    void theDatabaseDownLockedOrDeadlockedIsTheStoresAndWaits() {
        assertThat(StoreFailure.isTheRecords(new SQLException("x", "08001"))).isFalse();
        assertThat(StoreFailure.isTheRecords(new SQLException("x", "40P01"))).isFalse();
        assertThat(StoreFailure.isTheRecords(new SQLException("x", "42P01"))).isFalse();
        assertThat(StoreFailure.isTheRecords(new SQLException("no state"))).isFalse();
        assertThat(StoreFailure.isTheRecords(new SQLException("canceling statement due to statement timeout",
                "57014"))).isFalse();
        assertThat(StoreFailure.isTheRecords(new SQLException("too many connections", "53300"))).isFalse();
    }

    @Test
    void postgresqlsGenericProgramLimitAndTheJvmsInternalErrorsAreTheStoresAndWait() {
        // 54000 is what PostgreSQL answers every write with near a wraparound ("database is not accepting commands
        // that generate new MultiXactIds to avoid wraparound data loss", "multixact members limit exceeded"): a
        // quarantine insert needing no multixact would take every record while the database is merely unhealthy
        assertThat(StoreFailure.isTheRecords(new SQLException("multixact \"members\" limit exceeded", "54000")))
                .isFalse();
        assertThat(StoreFailure.isTheRecords(new StoreError(new InternalError("a fault occurred in an unsafe memory"
                + " access operation")))).isFalse();
        assertThat(StoreFailure.isTheRecords(new StoreError(new UnknownError()))).isFalse();
    }

    @Test
    void theReasonNamesTheClassAndStateNeverTheMessage() {
        assertThat(StoreFailure.reason(new SQLException("secret value 'x'", "23505")))
                .isEqualTo("java.sql.SQLException (SQL state 23505)");
        assertThat(StoreFailure.reason(new StoreError(new StackOverflowError("deep"))))
                .isEqualTo("java.lang.StackOverflowError");
    }
}
