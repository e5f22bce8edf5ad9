package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The operator's way back from the quarantine ({@link Quarantine}): lists its records (id, when, place, failure,
 * tries, size: never a byte of their content) and sends one again through the store's normal path
 * ({@link ReportStore#store(byte[], Long, String)}, with the record's Kafka time as its {@code received_at}). A row is
 * deleted only after its report was stored or found already stored (a duplicate: the report ID makes it harmless), in
 * a statement after the report's own transaction: should the delete fail, the row stays and its next resend is a
 * duplicate, removed then. A record that fails again for a reason that may be its own ({@link StoreFailure}), or that
 * the store refuses, stays, its {@code attempts} counted on and its {@code reason} the new failure's; a failure of the
 * database's own (its connection lost, a lock) leaves the row as it was. A record whose time is older than the
 * retention ({@code collector.store.retention-months}) is not sent (stored, its month's partition made again, it
 * would be dropped by the store's upkeep while the tool said stored): its row stays as it was. Safe beside running
 * store nodes, and beside another resend of the same row (one stores, the other finds a duplicate). Used by
 * {@code java -jar ceip-collector.jar quarantine}.
 */
public final class QuarantinedRecords implements AutoCloseable {

    /** A quarantined record as listed: {@code bytes} its value's size (null: no value), never its content. */
    public record Entry(long id, Instant quarantinedAt, String topic, int partition, long offset, String reason,
            int attempts, Long bytes) {
    }

    /** What became of a record sent again. */
    public enum Outcome {
        /** Stored now; its row deleted. */
        STORED,
        /** Already stored (a duplicate); its row deleted. */
        DUPLICATE,
        /**
         * Not stored: failed again or refused (its row kept, its attempts counted on), or the database's own failure
         * or a record older than the retention (its row as it was).
         */
        KEPT,
        /** No row of that id (resent or deleted meanwhile). */
        GONE
    }

    /** A resend's outcome, the record's place ({@code topic-partition offset n}) and, when kept, why. */
    public record Resent(long id, Outcome outcome, String place, String reason) {
    }

    private final ReportStore store;
    private final Retention retention;
    private final Connections connections;

    /**
     * On the database of {@code store} ({@code url}, {@code user}, {@code password}: the same settings), whose upkeep
     * keeps reports as {@code retention} says.
     */
    public QuarantinedRecords(ReportStore store, Retention retention, String url, String user, String password) {
        this.store = store;
        this.retention = retention;
        this.connections = new Connections(url, user, password, 1);
    }

    /** Makes the table, or adds the columns an earlier collector's lacks ({@link Quarantine#create}). */
    public void prepare() throws SQLException {
        Connection connection = connections.take();
        try {
            Quarantine.create(connection, connection.getMetaData().getURL().startsWith("jdbc:postgresql:"));
        } finally {
            connections.drop(connection);
        }
    }

    /** Rows one query of {@link #list} or {@link #ids} reads: all a listing or a resend holds at once. */
    static final int PAGE = 500;

    /** How many records the quarantine holds and the highest {@code id} among them (0 when none), read at once. */
    public record Count(long records, long lastId) {
    }

    /** The quarantine's size now, to list ({@link #list}) what it held then. */
    public Count count() throws SQLException {
        long[] count = new long[2];
        query("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM " + Quarantine.TABLE, null, rows -> {
            count[0] = rows.getLong(1);
            count[1] = rows.getLong(2);
        });
        return new Count(count[0], count[1]);
    }

    /** How many records the quarantine holds now after {@code lastId}: those quarantined since it was read. */
    public long countAfter(long lastId) throws SQLException {
        long[] count = new long[1];
        query("SELECT COUNT(*) FROM " + Quarantine.TABLE + " WHERE id > ?", lastId, rows -> count[0] = rows.getLong(1));
        return count[0];
    }

    /**
     * Hands each quarantined record with an {@code id} up to {@code lastId} to {@code each} as it is read, the oldest
     * first: {@value #PAGE} rows a query ({@code id} after the last one handed on), so the rows are never all held, and
     * no transaction stays open while {@code each} writes (a paused reader of the output holds nothing in the
     * database). A record added meanwhile (a higher id) is not listed; one deleted meanwhile may be missing.
     */
    public void list(long lastId, Consumer<Entry> each) throws SQLException {
        Long[] after = {null}; // none yet: from the lowest (an id put back by hand may be 0 or below)
        int[] read = new int[1];
        do {
            read[0] = 0;
            query("SELECT id, quarantined_at, topic, record_partition, record_offset, reason, attempts,"
                    + " OCTET_LENGTH(record) FROM " + Quarantine.TABLE + " WHERE " + (after[0] == null ? ""
                    : "id > " + after[0] + " AND ") + "id <= " + lastId + " ORDER BY id FETCH FIRST " + PAGE
                    + " ROWS ONLY", null, rows -> {
                        long size = rows.getLong(8);
                        Long bytes = rows.wasNull() ? null : size; // asked at once: wasNull is the last column read's
                        Entry entry = new Entry(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3),
                                rows.getInt(4), rows.getLong(5), rows.getString(6), rows.getInt(7), bytes);
                        each.accept(entry);
                        after[0] = entry.id();
                        read[0]++;
                    });
        } while (read[0] == PAGE);
    }

    /**
     * One page of a resend of all: the ids of at most {@value #PAGE} quarantined records after {@code after} (null:
     * from the lowest) up to {@code lastId}, in order, read as they are at this query (a row deleted meanwhile is not
     * there). Paged by id (keyset), so a resend holds one page whatever the table's size, and, the next page starting
     * after the last id handed on, each row once however the rows before it changed.
     */
    public List<Long> ids(Long after, long lastId) throws SQLException {
        List<Long> ids = new ArrayList<>(PAGE);
        query("SELECT id FROM " + Quarantine.TABLE + " WHERE " + (after == null ? "" : "id > " + after + " AND ")
                + "id <= " + lastId + " ORDER BY id FETCH FIRST " + PAGE + " ROWS ONLY", null,
                rows -> ids.add(rows.getLong(1)));
        return ids;
    }

    /**
     * Sends record {@code id} again through the store; its row deleted when stored or a duplicate, else kept with one
     * more attempt. Throws when the database cannot be read or written (the row then stays as it was, or, the report
     * being stored, is a duplicate at the next resend).
     */
    public Resent resend(long id) throws SQLException {
        Object[] row = new Object[4];
        query("SELECT topic, record_partition, record_offset, record, record_time, quarantined_at FROM "
                + Quarantine.TABLE + " WHERE id = ?", id, rows -> {
                    row[0] = new Quarantine.Place(rows.getString(1), rows.getInt(2), rows.getLong(3)).toString();
                    row[1] = rows.getBytes(4);
                    Timestamp time = rows.getTimestamp(5);
                    row[2] = (time == null ? rows.getTimestamp(6) : time).getTime();
                    row[3] = Boolean.TRUE;
                });
        if (row[3] == null) {
            return new Resent(id, Outcome.GONE, null, null);
        }
        String place = (String) row[0];
        Instant time = Instant.ofEpochMilli((Long) row[2]);
        Instant cutoff = retention.cutoff();
        if (cutoff != null && time.isBefore(cutoff)) { // stored, its month made again, it would go at the upkeep
            return new Resent(id, Outcome.KEPT, place, "its time " + time + " is older than"
                    + " collector.store.retention-months (" + retention.months() + "), which the store's upkeep"
                    + " drops: raise the setting to store it, or delete the row");
        }
        String failure;
        try {
            switch (store.store((byte[]) row[1], (Long) row[2], Quarantine.TABLE + " id " + id + " (" + place + ")")) {
                case STORED -> {
                    update("DELETE FROM " + Quarantine.TABLE + " WHERE id = ?", null, id);
                    return new Resent(id, Outcome.STORED, place, null);
                }
                case DUPLICATE -> {
                    update("DELETE FROM " + Quarantine.TABLE + " WHERE id = ?", null, id);
                    return new Resent(id, Outcome.DUPLICATE, place, null);
                }
                default -> failure = null; // REJECTED: its WARN line names why
            }
        } catch (SQLException e) {
            failure = StoreFailure.reason(e);
            if (!StoreFailure.isTheRecords(e)) { // the database's own (connection lost, a lock): the row as it was
                return new Resent(id, Outcome.KEPT, place, failure);
            }
        } catch (RuntimeException e) {
            failure = e.getClass().getName();
        } catch (StackOverflowError e) {
            failure = e.getClass().getName();
        }
        update("UPDATE " + Quarantine.TABLE + " SET attempts = attempts + 1, reason = COALESCE(?, reason) WHERE id = ?",
                failure == null ? null : Quarantine.reason(failure), id);
        return new Resent(id, Outcome.KEPT, place, failure == null ? "refused by the store" : failure);
    }

    private void query(String sql, Long id, Row each) throws SQLException {
        Connection connection = connections.take(Connections.ANSWER_MILLIS);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (id != null) {
                statement.setLong(1, id);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    each.read(rows);
                }
            }
            connections.give(connection);
        } catch (SQLException | RuntimeException e) {
            connections.drop(connection);
            throw e;
        }
    }

    private void update(String sql, String text, long id) throws SQLException {
        Connection connection = connections.take(Connections.ANSWER_MILLIS);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int at = 1;
            if (sql.startsWith("UPDATE")) {
                statement.setString(at++, text);
            }
            statement.setLong(at, id);
            statement.executeUpdate();
            connections.give(connection);
        } catch (SQLException | RuntimeException e) {
            connections.drop(connection);
            throw e;
        }
    }

    /** Reads one row of a result. */
    private interface Row {
        void read(ResultSet rows) throws SQLException;
    }

    @Override
    public void close() {
        connections.close();
    }
}
