package io.ceip.collector.store;

import java.sql.SQLException;

/**
 * Whether a failure to store a Kafka record may be the record's own (the same record fails the same way however often
 * it is tried, while other records are stored), so that after {@code collector.store.quarantine-after-attempts} tries
 * it is quarantined ({@link Quarantine}) instead of stopping its partition for good; every other failure is the
 * store's (the database down, full, locked, restarting, its tables missing or not writable, the node out of its own
 * classes), and the record waits and is tried again for ever.
 * <p>
 * The record's own, by a list (anything not on it waits): an SQL error of class {@code 22} (data exception; the plain
 * ones {@link ReportStore} already refuses at once), {@code 23} (integrity: a value the record brings that a
 * constraint refuses; a duplicate is answered by {@link ReportStore}) or {@code 54001} (PostgreSQL's stack depth or
 * statement too complex, from a record's nesting or size; not the rest of class 54: its {@code 54000} is also what
 * PostgreSQL answers writes with near a transaction ID or multixact wraparound, the database's state, while the
 * quarantine's plain insert may still pass); a Java {@link Error} other than a {@link LinkageError} or a
 * {@link VirtualMachineError} but a {@link StackOverflowError} (a stack overflow from the record's depth). A
 * {@link LinkageError} (a class that failed to load), an {@link OutOfMemoryError} (the intake bounds a record's
 * size, so the node is short of memory for every record alike) and the JVM's {@link InternalError} and
 * {@link UnknownError} are the node's: it waits. Only the
 * first of the failure's own SQL state is read, never its message.
 */
final class StoreFailure {

    private StoreFailure() {
    }

    /** True when {@code failure} (an {@link SQLException} or a {@link StoreError}) may be the record's own. */
    static boolean isTheRecords(Exception failure) {
        if (failure instanceof StoreError) {
            Throwable error = failure.getCause();
            return !(error instanceof LinkageError || error instanceof VirtualMachineError
                    && !(error instanceof StackOverflowError));
        }
        if (failure instanceof SQLException sql) {
            String state = sql.getSQLState();
            return state != null && (state.startsWith("22") || state.startsWith("23") || state.equals("54001"));
        }
        return false;
    }

    /** The failure's name for the quarantine table and the log: the class of the Error or of the SQL error. */
    static String reason(Exception failure) {
        if (failure instanceof StoreError) {
            return failure.getMessage();
        }
        String state = failure instanceof SQLException sql ? sql.getSQLState() : null;
        return failure.getClass().getName() + (state == null ? "" : " (SQL state " + state + ")");
    }
}
