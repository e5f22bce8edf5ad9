package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the reports being stored and the daily upkeep of the fleet view's tables ({@link Installations},
 * {@link EventRollups}) apart, so that the two never wait on each other in a cycle (a deadlock: PostgreSQL 40P01, the
 * report stored again or the upkeep failed). A report's transaction takes it shared before its first change to those
 * tables, each batch of the upkeep ({@link FleetUpkeep}) exclusively before its first; both hold it until their
 * transaction ends. So a batch runs while no report holds a row of those tables (it waits for those in progress, and
 * the reports that come meanwhile wait for it, one short batch), and a report never waits for a row the upkeep holds.
 * PostgreSQL: a transaction-level advisory lock, over every node of the database; H2 (one node): a lock of this JVM,
 * released by {@link Held#close} once the transaction has ended. An H2 database in server mode, which other processes
 * can open, is not covered: {@link #warnIfAcrossProcesses} says so at start.
 */
final class FleetLock {

    private static final long KEY = 0x6365697066746c6bL;
    /** H2's: every store of this JVM (an embedded H2 database is one process's). */
    private static final ReentrantReadWriteLock JVM = new ReentrantReadWriteLock();

    private static final Logger LOG = LoggerFactory.getLogger(FleetLock.class);
    /** AUTO_SERVER set to any of H2's ways of saying true (its boolean setting: true, 1, t, y, yes), lower case. */
    private static final Pattern AUTO_SERVER = Pattern.compile(";auto_server=(true|1|t|y|yes)(;|$)");

    private FleetLock() {
    }

    /** Logs {@link #acrossProcesses}'s line, if any, once: the store's start. */
    static void warnIfAcrossProcesses(String url) {
        String warning = acrossProcesses(url);
        if (warning != null) {
            LOG.warn(warning);
        }
    }

    /**
     * The WARN line for a store on {@code url} when this lock does not reach every process that may store into its
     * database: H2 in server mode ({@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}, {@code AUTO_SERVER=TRUE}, or {@code 1},
     * {@code t}, {@code y}, {@code yes}: H2 reads each as true); null
     * otherwise (PostgreSQL's advisory lock is the server's; an embedded H2 file is locked by the process that has it
     * open, a memory database is that process's). Names the setting, never the URL (it may hold a password).
     */
    static String acrossProcesses(String url) {
        String lower = url.toLowerCase(Locale.ROOT).replace(" ", "");
        if (!lower.startsWith("jdbc:h2:") || !(lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:")
                || AUTO_SERVER.matcher(lower).find())) {
            return null;
        }
        return "Store: collector.store.jdbc-url is an H2 database in server mode (tcp:, ssl: or AUTO_SERVER), which"
                + " other processes can open, but the lock that keeps reports and the store's upkeep apart holds in"
                + " this process only: with a second collector storing into that database a report and an upkeep"
                + " batch can wait on each other until one fails (a report is then sent or polled again), and the"
                + " quarantine's bound (collector.store.quarantine-max-records), kept under a lock of this process"
                + " too, can be passed by a record for each other collector quarantining at once; store into an H2"
                + " database from one collector only, or use PostgreSQL for several";
    }

    /** The lock held; {@link #close} once the transaction has ended (on PostgreSQL the end released it: nothing). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** A report's, in its transaction on {@code connection}. */
    static Held shared(Connection connection, boolean postgres) throws SQLException {
        return take(connection, postgres, "pg_advisory_xact_lock_shared", JVM.readLock());
    }

    /** An upkeep batch's, in its transaction on {@code connection}. */
    static Held exclusive(Connection connection, boolean postgres) throws SQLException {
        return take(connection, postgres, "pg_advisory_xact_lock", JVM.writeLock());
    }

    private static Held take(Connection connection, boolean postgres, String function, Lock lock)
            throws SQLException {
        if (postgres) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT " + function + "(" + KEY + ")");
            }
            return () -> { };
        }
        lock.lock();
        return lock::unlock;
    }
}
