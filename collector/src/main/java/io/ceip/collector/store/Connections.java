package io.ceip.collector.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A few JDBC connections kept open for reuse (at most {@code size} idle ones); a connection is checked before it is
 * handed out and dropped after an SQL error, so that a database restart costs one failed call, not a dead pool.
 */
final class Connections implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final BlockingQueue<Connection> idle;

    Connections(String url, String user, String password, int size) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    Connection take() throws SQLException {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            if (connection.isValid(2)) {
                return connection;
            }
            quietlyClose(connection);
        }
        connection = DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(true);
        return connection;
    }

    /** Returns a healthy connection for reuse. */
    void give(Connection connection) {
        if (!idle.offer(connection)) {
            quietlyClose(connection);
        }
    }

    /** Drops a connection that failed. */
    void drop(Connection connection) {
        quietlyClose(connection);
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            quietlyClose(connection);
        }
    }

    private static void quietlyClose(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }
}
