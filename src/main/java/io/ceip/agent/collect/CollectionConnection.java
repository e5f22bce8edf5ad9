package io.ceip.agent.collect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The only way the agent reaches the product database, guarding the host: a collection ({@link #open()} … {@link
 * #close()}) uses <b>one</b> connection that the agent opens for it, in a read-only transaction that is never committed
 * (rolled back at the end, and after each statement that fails or is closed, whose successor starts a new one: no
 * lock a finished query took is held while the next runs), and returned before any
 * network I/O. Every statement made on it gets a query timeout — the per-query timeout, or what is left of the
 * whole-collection budget if that is less (so a slow query is cancelled by the database itself) — and a row cap of
 * {@code maxRows + 1} (so a query returning more than {@code maxRows} is cut off and can be marked), a fetch size
 * ({@value #FETCH_SIZE}) and a field size ({@value #MAX_FIELD_BYTES} bytes). Once the budget is spent no statement is
 * started. The agent does not rely on the server to cancel: every connection it opens gets a network timeout ({@link
 * NetworkTimeouts}), set again for each statement to that statement's timeout plus {@link NetworkTimeouts#GRACE}, so a
 * server that stops answering fails the statement with a connection error (reason {@code connection}) and a collection
 * ends at most that grace after its budget; should it not ({@link CollectionWatchdog}), its connection is aborted then.
 * The statements the agent makes itself (the read-only session below, the rollback) are bounded the same way. Outside a
 * collection each {@link #getConnection()} opens one such connection (the consent query's) that the caller closes:
 * closing rolls back.
 * <p>
 * Read-only, whatever the driver's options: the connection is marked read-only ({@code setReadOnly(true)}: pgjdbc
 * begins each transaction {@code READ ONLY}, MariaDB Connector/J sets the session read-only) and, on PostgreSQL,
 * MariaDB and MySQL, the agent itself makes the session's transactions read-only and {@code READ COMMITTED} ({@code SET
 * SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY}, {@code SET SESSION TRANSACTION
 * ISOLATION LEVEL READ COMMITTED, READ ONLY}) before auto-commit is switched off, so a write is refused by the server
 * (SQLSTATE 25006), and whatever the server's default isolation its reads take no lock: under a {@code SERIALIZABLE}
 * default InnoDB makes every SELECT of a transaction a locking read (the agent waited behind the product's writers and
 * held them up), and PostgreSQL makes it take part in the product's serialization checks. H2 (read committed unless
 * told otherwise) has no read-only transactions: there the account's rights are the boundary. What callers get is a {@link GuardedConnection}: nothing through it can
 * commit, switch auto-commit on or read-only off, call a procedure, update through JDBC or reach the driver's own
 * connection; a failed statement rolls back. None of this replaces a database account that can only read.
 */
public final class CollectionConnection extends DataSourceSupport {

    /** The most rows a driver that honours a fetch size holds at once (pgjdbc, MariaDB Connector/J, H2 over TCP). */
    static final int FETCH_SIZE = 100;
    /**
     * The most bytes of a text or binary value a driver that honours it returns (pgjdbc, after it has read the value;
     * H2 and MariaDB Connector/J ignore it): a second line only, the first is the query's own bound on the server.
     */
    static final int MAX_FIELD_BYTES = 4096;

    private final DataSource target;
    private final int queryTimeoutSeconds;
    private final Duration budget;
    private final int maxRows;
    private final Clock clock;
    private final ThreadLocal<Session> session = new ThreadLocal<>();

    private record Session(Connection connection, long deadlineMillis, Future<?> watchdog) {
    }

    public CollectionConnection(DataSource target, int queryTimeoutSeconds, Duration budget, int maxRows, Clock clock) {
        super(0);
        this.target = target;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.budget = budget;
        this.maxRows = maxRows;
        this.clock = clock;
    }

    /** The most rows one query may return. */
    public int maxRows() {
        return maxRows;
    }

    /** Starts a collection: takes the one connection it will use. */
    public void open() throws SQLException {
        close();
        Connection connection = openReadOnly();
        session.set(new Session(connection, clock.millis() + budget.toMillis(),
                CollectionWatchdog.watch(connection, budget, vendor(connection))));
    }

    /** A new connection of {@code target}, read-only, auto-commit off. */
    private Connection openReadOnly() throws SQLException {
        Connection connection = target.getConnection();
        try {
            int seconds = statementSeconds(budget.toMillis());
            NetworkTimeouts.set(connection, seconds * 1000L); // before setReadOnly: MariaDB's sends a statement
            connection.setReadOnly(true);
            String vendor = vendor(connection);
            String readOnlySession = switch (vendor) {
                case "postgresql" -> "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED,"
                        + " READ ONLY";
                case "mariadb", "mysql" -> "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY";
                default -> null;
            };
            if (readOnlySession != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(seconds);
                    statement.execute(readOnlySession);
                }
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Ends the collection: rolls back and returns the connection. Safe to call when none is open. */
    public void close() {
        Session current = session.get();
        session.remove();
        if (current != null) {
            current.watchdog().cancel(false);
            try (Connection connection = current.connection()) {
                NetworkTimeouts.set(connection, 0);
                connection.rollback();
            } catch (SQLException e) {
                // the connection is gone anyway
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Session current = session.get();
        if (current != null) {
            return guard(current.connection(), current.deadlineMillis(), false);
        }
        return guard(openReadOnly(), clock.millis() + budget.toMillis(), true);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the agent connects with its configured account only");
    }

    private Connection guard(Connection connection, long deadlineMillis, boolean closeable) {
        return GuardedConnection.of(connection, statement -> {
            long left = deadlineMillis - clock.millis();
            if (left <= 0) {
                throw new CollectionBudgetExceededException();
            }
            int seconds = statementSeconds(left);
            statement.setQueryTimeout(seconds);
            statement.setMaxRows(maxRows + 1);
            statement.setFetchSize(Math.min(maxRows + 1, FETCH_SIZE));
            statement.setMaxFieldSize(MAX_FIELD_BYTES);
            NetworkTimeouts.set(connection, seconds * 1000L);
        }, closeable);
    }

    private static String vendor(Connection connection) throws SQLException {
        return DatabaseInfoCollector.normaliseVendor(connection.getMetaData().getDatabaseProductName(),
                connection.getMetaData().getDatabaseProductVersion());
    }

    /** A statement's timeout: the per-query timeout, or {@code leftMillis} rounded up if less; at least 1 s. */
    private int statementSeconds(long leftMillis) {
        return (int) Math.max(1, Math.min(queryTimeoutSeconds, (leftMillis + 999) / 1000));
    }

    @Override
    public String toString() {
        return "CollectionConnection[" + target + "]";
    }
}
