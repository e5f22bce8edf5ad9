package io.ceip.agent.report;

import io.ceip.agent.collect.CollectionBudgetExceededException;
import io.ceip.agent.util.DatabaseAdvice;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Why a part of the collection failed, in words that mean the same on every database engine, read from the
 * error's type and SQLSTATE only (never its message, which may quote SQL or a URL):
 * <ul>
 * <li>{@code timeout} — cancelled at its statement timeout ({@link SQLTimeoutException}, SQLSTATE {@code 57014},
 * MariaDB/MySQL {@code 70100}, {@code HYT00});</li>
 * <li>{@code read-only} — tried to write in the agent's read-only transaction ({@code 25006});</li>
 * <li>{@code undefined-object} — a table, view, column or function that does not exist (class {@code 42} codes
 * {@code 42P01}, {@code 42703}, {@code 42883}, {@code 42S02}, {@code 42S22}, {@code 42000}; H2's {@code 42S04}, a
 * table missing from a database that holds none);</li>
 * <li>{@code permission} — the agent's account may not do it ({@code 42501}; H2's own codes {@code 90096} "not
 * enough rights" and {@code 90040} "admin rights required");</li>
 * <li>{@code authentication} — the database refused the agent's account (class {@code 28});</li>
 * <li>{@code connection} — the database could not be reached or the connection broke (class {@code 08}; H2's
 * {@code 90020}, its file in use by another process, {@code 90146}, no database file at its path, and {@code 90067},
 * its connection broken or timed out);</li>
 * <li>{@code row-limit}, {@code budget} — set by the agent itself;</li>
 * <li>{@code not-a-number}, {@code undeclared-key} — the query ran but returned something the typed rule does not
 * let leave ({@link UsageValues}): text, NULL or a fraction where a count belongs, or another shape; a key its
 * definition does not declare;</li>
 * <li>{@code unexpected-shape}, {@code unusable-file} — an inventory query or file returned another form than
 * its part declares ({@link InventoryShapeException}), or the product's inventory file was refused
 * ({@code io.ceip.agent.collect.InventoryFile});</li>
 * <li>{@code error} for anything else.</li>
 * </ul>
 */
public final class FailureReason {

    public static final String ROW_LIMIT = "row-limit";
    public static final String BUDGET = "budget";
    public static final String NOT_A_NUMBER = "not-a-number";
    public static final String UNDECLARED_KEY = "undeclared-key";
    public static final String UNEXPECTED_SHAPE = "unexpected-shape";
    public static final String UNUSABLE_FILE = "unusable-file";

    /** H2's "Database may be already in use": its file is open in another process, without H2's server. */
    private static final String H2_IN_USE = DatabaseAdvice.H2_IN_USE;
    /** H2's "Database not found, and IFEXISTS=true": no database file at the URL's path (the agent creates none). */
    private static final String H2_NOT_FOUND = DatabaseAdvice.H2_NOT_FOUND;

    private FailureReason() {
    }

    /** What the administrator can do about {@code error}, for the log line only: {@link DatabaseAdvice#advice}. */
    public static String advice(Throwable error) {
        return DatabaseAdvice.advice(error);
    }

    /** {@code " SQLSTATE …"} of the first SQL error among {@code error} and its causes, or empty. */
    public static String sqlState(Throwable error) {
        return DatabaseAdvice.sqlState(error);
    }

    /** {@code "undefined-object, PSQLException SQLSTATE 42P01"}: the reason, the error's class and its SQLSTATE. */
    public static String described(Throwable error) {
        return of(error) + ", " + error.getClass().getSimpleName() + sqlState(error);
    }

    /** The reason for {@code error}, looking through its causes for the first SQL error. */
    public static String of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CollectionBudgetExceededException) {
                return BUDGET;
            }
            if (t instanceof SQLTimeoutException) {
                return "timeout";
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return ofState(sql.getSQLState());
            }
        }
        return "error";
    }

    static String ofState(String state) {
        return switch (state) {
            case "57014", "70100", "HYT00", "HYT01" -> "timeout";
            case "25006" -> "read-only";
            case "42501", "90096", "90040" -> "permission";
            case H2_IN_USE, H2_NOT_FOUND, "90067" -> "connection";
            case "42P01", "42703", "42883", "42S02", "42S04", "42S22", "42S12" -> "undefined-object";
            default -> state.startsWith("28") ? "authentication"
                    : state.startsWith("08") ? "connection"
                    : "error";
        };
    }
}
