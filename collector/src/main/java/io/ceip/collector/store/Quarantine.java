package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The quarantine table {@code ceip_report_quarantine}: a Kafka record the store could not take after
 * {@code collector.store.quarantine-after-attempts} tries, each failing for a reason of the record's own
 * ({@link StoreFailure#isTheRecords}), kept as it came (its key and value bytes, unparsed) with its place (topic,
 * partition, offset: a record quarantined again after a restart, the same bytes at the same place, adds no row; a
 * different record at a place already used, a topic made again from offset 0, is kept beside it), the failure's class
 * name only (never its message, which may quote the record) and when. Each record is its own transaction (auto-commit),
 * apart from the reports', so the consumer's offset moves on only once the record's bytes are committed here. Kept
 * until an operator deletes them (no retention): see the collector's README, <i>Quarantined records</i>.
 */
final class Quarantine {

    static final String TABLE = "ceip_report_quarantine";

    private Quarantine() {
    }

    /** The table's DDL (created when missing): {@code BYTEA} on PostgreSQL, {@code VARBINARY} on H2. */
    static String ddl(boolean postgres) {
        String bytes = postgres ? "BYTEA" : "VARBINARY";
        return "CREATE TABLE IF NOT EXISTS " + TABLE + " (topic VARCHAR(249) NOT NULL,"
                + " record_partition INTEGER NOT NULL, record_offset BIGINT NOT NULL, record_key " + bytes + ","
                + " reason VARCHAR(200) NOT NULL, record " + bytes + ", quarantined_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " PRIMARY KEY (topic, record_partition, record_offset, quarantined_at))";
    }

    /**
     * Keeps one record, committed when this returns.
     *
     * @return false when this record was already kept at this place (quarantined before a restart): nothing added
     */
    static boolean keep(Connection connection, String topic, int partition, long offset, byte[] key, byte[] value,
            String reason, Instant at) throws SQLException {
        try (PreparedStatement kept = connection.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE topic = ?"
                + " AND record_partition = ? AND record_offset = ? AND record IS NOT DISTINCT FROM ?")) {
            kept.setString(1, topic);
            kept.setInt(2, partition);
            kept.setLong(3, offset);
            kept.setBytes(4, value);
            try (ResultSet rows = kept.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (topic,"
                + " record_partition, record_offset, record_key, reason, record, quarantined_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, topic);
            insert.setInt(2, partition);
            insert.setLong(3, offset);
            insert.setBytes(4, key);
            insert.setString(5, reason.length() > 200 ? reason.substring(0, 200) : reason);
            insert.setBytes(6, value);
            insert.setTimestamp(7, Timestamp.from(at));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false; // another node kept it at the same instant
            }
            throw e;
        }
    }

    /** Rows in {@code table} (a name of the store's own, never a value from outside). */
    static long rows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
