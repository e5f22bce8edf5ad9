package io.ceip.agent.util;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * What a log line about a failed database access may add, read from the SQLSTATE only (never an exception's message,
 * which may quote SQL or a URL): the state itself, and a fixed text for the failures whose cure is known. Used by the
 * collection's lines and by the product's consent setting's, which read the same database.
 */
public final class DatabaseAdvice {

    /** What a SQLSTATE is: a class of two and a subclass of three digits or capital letters. */
    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");

    /** H2's "Database may be already in use": its file is open in another process, without H2's server. */
    public static final String H2_IN_USE = "90020";
    /** H2's "A file path that is implicitly relative to the current working directory is not allowed". */
    public static final String H2_RELATIVE_PATH = "90011";
    /** H2's "Database not found, and IFEXISTS=true": no database file at the URL's path (the agent creates none). */
    public static final String H2_NOT_FOUND = "90146";
    /**
     * The agent's own: the product's H2 file, given with {@code AUTO_SERVER=TRUE}, is not being served by the
     * product's process, and the agent never opens it itself ({@code collect.ProductH2Server.NOT_SERVED}).
     */
    public static final String H2_NOT_SERVED = "08X01";

    private DatabaseAdvice() {
    }

    /**
     * What the administrator can do about {@code error}: a fixed text for the errors whose cure is known (an H2 file
     * another process holds, none at the path, or a path H2 refuses as relative), else empty.
     */
    public static String advice(Throwable error) {
        String state = state(error);
        if (H2_IN_USE.equals(state)) {
            return ": the H2 file is in use by another process (the product); the product must open it with"
                    + " ;AUTO_SERVER=TRUE and the agent use the same URL, or serve it with H2's TCP server"
                    + " (jdbc:h2:tcp://...), see docs/database.md";
        }
        if (H2_NOT_SERVED.equals(state)) {
            return ": the product's H2 database is not being served (the product is not running, or opened the file"
                    + " without ;AUTO_SERVER=TRUE); the agent reads it through the product's own server only and never"
                    + " opens the file itself, see docs/database.md";
        }
        if (H2_RELATIVE_PATH.equals(state)) {
            return ": ceip.database.url names an H2 file by a relative path, which H2 refuses: give it as an absolute"
                    + " path (jdbc:h2:file:/srv/acme/acme), or ./ before a path from the agent's working directory";
        }
        if (H2_NOT_FOUND.equals(state)) {
            return ": no H2 database at the path ceip.database.url names (the agent never creates one): check the path";
        }
        return "";
    }

    /** {@code " SQLSTATE …"} of the first SQL error among {@code error} and its causes, or empty. */
    public static String sqlState(Throwable error) {
        String state = state(error);
        return state == null ? "" : " SQLSTATE " + state;
    }

    /**
     * The SQLSTATE of the first SQL error among {@code error} and its causes that has one, or null; null too when it is
     * not five digits or capital letters, as SQL defines it: the driver took it from the server's answer, and a line
     * break or control characters there went into the log as they were (review s31).
     */
    public static String state(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return SQLSTATE.matcher(sql.getSQLState()).matches() ? sql.getSQLState() : null;
            }
        }
        return null;
    }
}
