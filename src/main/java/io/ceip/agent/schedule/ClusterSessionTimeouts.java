package io.ceip.agent.schedule;

import io.ceip.agent.collect.DatabaseInfoCollector;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The statement that ends every wait of a cluster session on its engine, and every hold of a session whose node
 * vanished inside a transaction (host crash, paused VM, lost network path: no connection close reaches the server,
 * which would otherwise keep its row locks until TCP keepalive gives up, about two hours):
 * <ul>
 * <li>PostgreSQL: {@code lock_timeout} = the wait limit, {@code statement_timeout} one second longer, so a lock held
 * by another node ends the wait as 55P03 (lock not available) and not as 57014 (canceled);
 * {@code idle_in_transaction_session_timeout} (9.6 and later) = twice the wait limit;</li>
 * <li>MariaDB: {@code innodb_lock_wait_timeout} and {@code max_statement_time} = the wait limit,
 * {@code idle_transaction_timeout} (10.3 and later) = twice the wait limit;</li>
 * <li>MySQL: {@code innodb_lock_wait_timeout} = the wait limit (it has no idle-in-transaction timeout).</li>
 * </ul>
 * The job store holds a transaction only while it reads and writes its rows, never across a wait of its own, so twice
 * the wait limit ends only a session nobody drives any more.
 */
final class ClusterSessionTimeouts {

    private ClusterSessionTimeouts() {
    }

    /** The statement for the engine {@code metaData} describes; empty when it has none. */
    static String statement(DatabaseMetaData metaData, Duration waitLimit) throws SQLException {
        long millis = Math.max(1, waitLimit.toMillis());
        long seconds = Math.max(1, waitLimit.toSeconds());
        int major = metaData.getDatabaseMajorVersion();
        int minor = metaData.getDatabaseMinorVersion();
        return switch (DatabaseInfoCollector.normaliseVendor(metaData.getDatabaseProductName(),
                metaData.getDatabaseProductVersion())) {
            case "postgresql" -> "SET lock_timeout = " + millis + "; SET statement_timeout = " + (millis + 1000)
                    + (atLeast(major, minor, 9, 6) ? "; SET idle_in_transaction_session_timeout = " + 2 * millis : "");
            case "mariadb" -> "SET SESSION innodb_lock_wait_timeout = " + seconds + ", max_statement_time = "
                    + seconds + (atLeast(major, minor, 10, 3) ? ", idle_transaction_timeout = " + 2 * seconds : "");
            case "mysql" -> "SET SESSION innodb_lock_wait_timeout = " + seconds;
            default -> "";
        };
    }

    private static boolean atLeast(int major, int minor, int wantedMajor, int wantedMinor) {
        return major > wantedMajor || major == wantedMajor && minor >= wantedMinor;
    }
}
