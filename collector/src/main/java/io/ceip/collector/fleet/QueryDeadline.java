package io.ceip.collector.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;

/**
 * The time one fleet view request's queries may take together ({@code collector.fleet.query-timeout-seconds}): each
 * statement is given the seconds left as its query timeout (H2 and PostgreSQL cancel it in the database, waiting for a
 * lock included), and a PostgreSQL connection a network timeout a little longer, for a database that no longer
 * answers at all (the cancel would not reach it). Without it a locked table (the upkeep's partition drop, an
 * administrator's {@code LOCK TABLE}) held the request, its worker thread and its connection for as long as the lock.
 * A query cancelled so is {@link #timedOut}: the fleet view answers 503 with a fixed text.
 */
public final class QueryDeadline {

    /** SQL state of a statement cancelled (its timeout), on H2 and PostgreSQL. */
    private static final String CANCELLED = "57014";
    /** The network timeout past the deadline: the database's own cancel comes first. */
    private static final long NETWORK_MARGIN_MILLIS = 10_000;

    private final long end;

    private QueryDeadline(long end) {
        this.end = end;
    }

    /** A deadline {@code seconds} from now. */
    public static QueryDeadline in(int seconds) {
        return new QueryDeadline(System.nanoTime() + seconds * 1_000_000_000L);
    }

    /**
     * Gives {@code statement} the seconds left (rounded up, at least 1) as its query timeout.
     *
     * @throws SQLTimeoutException when no time is left (SQL state {@value #CANCELLED})
     */
    void limit(Statement statement) throws SQLException {
        long left = end - System.nanoTime();
        if (left <= 0) {
            throw new SQLTimeoutException("the fleet view's queries took too long", CANCELLED);
        }
        statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L));
    }

    /** On PostgreSQL: the connection's calls fail when the database sends nothing for the time left and a margin. */
    void limit(Connection connection, String url) throws SQLException {
        if (url.startsWith("jdbc:postgresql:")) {
            long left = Math.max(0, (end - System.nanoTime()) / 1_000_000);
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, left
                    + NETWORK_MARGIN_MILLIS));
        }
    }

    /** Whether {@code failure} is a query cancelled by its timeout (or none started: no time was left). */
    public static boolean timedOut(SQLException failure) {
        return failure instanceof SQLTimeoutException || CANCELLED.equals(failure.getSQLState());
    }
}
