package io.ceip.agent.schedule;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent says of the cluster's shared database while the job store cannot use it: one WARN line when a
 * job-store call first fails for want of the database (naming it, the error's class and SQLSTATE, never a stack
 * trace), nothing more while it stays so, and one INFO line when a call of the same kind succeeds again.
 */
final class ClusterOutage {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterOutage.class);

    private volatile String database = "(ceip.cluster.database.url)";
    private Instant since;
    /** The kind of call that failed first: only its success ends the outage (a read may pass a held lock). */
    private String failedCall;

    void database(String database) {
        this.database = database;
    }

    /** Whether a call failed and none succeeded since. */
    synchronized boolean down() {
        return since != null;
    }

    /** A job-store call of kind {@code call} succeeded. */
    synchronized void answered(String call) {
        if (since != null && call.equals(failedCall)) {
            LOG.info("Cluster database {} (ceip.cluster.database.url) answers again after {} s: the schedule goes on",
                    database, Duration.between(since, Instant.now()).toSeconds());
            since = null;
        }
    }

    /** A job-store call failed; {@code error} is told when it came from the database (an SQL error in its causes). */
    synchronized void failed(String call, Throwable error) {
        SQLException sql = sqlCause(error);
        if (sql == null || since != null) {
            return;
        }
        since = Instant.now();
        failedCall = call;
        LOG.warn("Cluster database {} (ceip.cluster.database.url) does not answer: the job store's {} failed ({},"
                + " SQLSTATE {}); Quartz retries it, no report is fired until it answers", database, call,
                sql.getClass().getSimpleName(), sql.getSQLState());
    }

    private static SQLException sqlCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
