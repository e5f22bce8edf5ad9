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

    /**
     * How long a call on a request's way (the duplicate check, a report's insert) waits for PostgreSQL's answer before
     * it fails (503, or the record polled again): {@value} ms.
     */
    static final int ANSWER_MILLIS = 20_000;

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

    /** A connection whose calls wait for the database's answers as long as it takes (the upkeep, the start). */
    Connection take() throws SQLException {
        return take(0);
    }

    /**
     * A connection whose every call fails after {@code answerMillis} without an answer from PostgreSQL (0: no limit):
     * the driver waits for ever by default, so a network that stopped passing packets in the middle of a call (a
     * failover, a partition: no reset) held the request for as long as the kernel kept the socket, some 15 minutes.
     */
    Connection take(int answerMillis) throws SQLException {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            if (connection.isValid(2)) {
                return answering(connection, answerMillis);
            }
            quietlyClose(connection);
        }
        connection = DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(true);
        return answering(connection, answerMillis);
    }

    private Connection answering(Connection connection, int answerMillis) throws SQLException {
        if (url.startsWith("jdbc:postgresql:")) {
            connection.setNetworkTimeout(Runnable::run, answerMillis);
        }
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
