package io.ceip.agent.schedule;

import io.ceip.agent.support.LogCapture;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.quartz.JobPersistenceException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When ClusterOutage says the end of an outage. Before review s20 (cluster L1) only a call of the kind that failed
 * first ended it: a rare read failing first (a JMX read of NextFireTime during the outage) left it on although every
 * check-in and locked update succeeded again, with no INFO line, and the next outage got no WARN. Now any check-in,
 * misfire scan or locked update ends it; a failure waiting for a lock another node holds still waits for that kind of
 * call or a locked update, since a read or a check-in may pass a held lock.
 */
class ClusterOutageEndsOnAnyRegularCallTest {

    private static final JobPersistenceException DOWN = new JobPersistenceException("Failed to obtain DB connection",
            new SQLException("Connection refused", "08001"));
    private static final JobPersistenceException LOCK_HELD = new JobPersistenceException("Failure obtaining db row lock",
            new SQLException("canceling statement due to lock timeout", "55P03"));

    @Test
    void anOutageFirstSeenByARareReadEndsWhenACheckInSucceeds() {
        ClusterOutage outage = new ClusterOutage();
        outage.database("jdbc:postgresql://db/cluster");
        try (LogCapture log = LogCapture.attach()) {
            outage.failed(ClusterOutage.READ, DOWN);
            outage.failed("check-in", DOWN);
            outage.answered(ClusterOutage.READ);
            assertThat(outage.down()).as("a read ends nothing").isTrue();

            outage.answered("check-in");

            assertThat(outage.down()).isFalse();
            assertThat(log.shown()).contains("Cluster database jdbc:postgresql://db/cluster"
                    + " (ceip.cluster.database.url) answers again");
        }
    }

    @Test
    void theNextOutageIsSaidToo() {
        ClusterOutage outage = new ClusterOutage();
        try (LogCapture log = LogCapture.attach()) {
            outage.failed(ClusterOutage.READ, DOWN);
            outage.answered(ClusterOutage.LOCKED + "TRIGGER_ACCESS");
            outage.failed("check-in", DOWN);
            outage.failed(ClusterOutage.LOCKED + "TRIGGER_ACCESS", DOWN);

            assertThat(log.shown().lines().filter(line -> line.contains("does not answer"))).hasSize(2);
            assertThat(log.shown().lines().filter(line -> line.contains("answers again"))).hasSize(1);
        }
    }

    @Test
    void aLockHeldByAnotherNodeEndsOnlyWithALockedUpdate() {
        ClusterOutage outage = new ClusterOutage();
        try (LogCapture log = LogCapture.attach()) {
            outage.failed(ClusterOutage.LOCKED + "TRIGGER_ACCESS", LOCK_HELD);
            outage.answered("check-in");
            outage.answered("misfire scan");
            outage.answered(ClusterOutage.READ);
            assertThat(outage.down()).as("these pass a held lock").isTrue();

            outage.answered(ClusterOutage.LOCKED + "TRIGGER_ACCESS");

            assertThat(outage.down()).isFalse();
            assertThat(log.shown()).contains("SQLSTATE 55P03", "answers again");
        }
    }
}
