package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the reports being stored and the daily upkeep of the fleet view's tables ({@link Installations},
 * {@link EventRollups}) apart, so that the two never wait on each other in a cycle (a deadlock: PostgreSQL 40P01, the
 * report stored again or the upkeep failed). A report's transaction takes it shared before its first change to those
 * tables, each batch of the upkeep ({@link FleetUpkeep}) exclusively before its first; both hold it until their
 * transaction ends. So a batch runs while no report holds a row of those tables (it waits for those in progress, and
 * the reports that come meanwhile wait for it, one short batch), and a report never waits for a row the upkeep holds.
 * PostgreSQL: a transaction-level advisory lock, over every node of the database; H2 (one node): a lock of this JVM,
 * released by {@link Held#close} once the transaction has ended.
 */
final class FleetLock {

    private static final long KEY = 0x6365697066746c6bL;
    /** H2's: every store of this JVM (an embedded H2 database is one process's). */
    private static final ReentrantReadWriteLock JVM = new ReentrantReadWriteLock();

    private FleetLock() {
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
