package io.ceip.agent.schedule;

import io.ceip.agent.util.DatabaseAdvice;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent says of the cluster's shared database while the job store cannot use it: one WARN line when a
 * job-store call first fails for want of the database (naming it, the error's class and SQLSTATE, never a stack
 * trace), nothing more while it stays so, and one INFO line when it ends: when a check-in, misfire scan or update
 * under a lock succeeds again. When the first failure was a wait for a lock another node holds (a lock or statement
 * timeout), only a call of that kind or an update under a lock ends it: a read or a check-in may pass a held lock. A
 * read that failed first no longer has to succeed itself (review s20 cluster L1: being rare, it left the outage on
 * and the next outage unsaid).
 */
final class ClusterOutage {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterOutage.class);

    /** A call that reads without a lock. */
    static final String READ = "read";
    /** The start of the name of a call that updates under one of Quartz's locks. */
    static final String LOCKED = "update under lock ";

    private volatile String database = "(ceip.cluster.database.url)";
    private Instant since;
    /** The kind of call that failed first, and whether it waited for a lock another node holds. */
    private String failedCall;
    private boolean lockWait;

    void database(String database) {
        this.database = database;
    }

    /** Whether a call failed and none succeeded since. */
    synchronized boolean down() {
        return since != null;
    }

    /** A job-store call of kind {@code call} succeeded. */
    synchronized void answered(String call) {
        if (since != null && (lockWait ? call.equals(failedCall) || call.startsWith(LOCKED) : !call.equals(READ))) {
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
        lockWait = lockWait(sql);
        LOG.warn("Cluster database {} (ceip.cluster.database.url) does not answer: the job store's {} failed ({},"
                + " SQLSTATE {}); Quartz retries it, no report is fired until it answers", database, call,
                sql.getClass().getSimpleName(), DatabaseAdvice.state(sql)); // well-formed, or null
    }

    /**
     * A lock or statement timeout: PostgreSQL's 55P03 and 57014, MariaDB's and MySQL's lock wait timeout (1205) and
     * MariaDB's {@code max_statement_time} (1969).
     */
    private static boolean lockWait(SQLException sql) {
        return "55P03".equals(sql.getSQLState()) || "57014".equals(sql.getSQLState()) || sql.getErrorCode() == 1205
                || sql.getErrorCode() == 1969;
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
