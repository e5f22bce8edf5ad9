package io.ceip.agent.collect;

import java.sql.SQLNonTransientException;

/**
 * A call on the agent's product database connection that could change the database or escape the guard (commit,
 * auto-commit on, read-only off, a stored procedure call, an update through JDBC, unwrapping the driver's
 * connection) was refused. SQLSTATE {@code 25006} (read-only transaction), so it is reported as {@code read-only}.
 */
public final class WriteRefusedException extends SQLNonTransientException {

    public WriteRefusedException(String what) {
        super("the agent's connection to the product database only reads: " + what + " refused", "25006");
    }
}
