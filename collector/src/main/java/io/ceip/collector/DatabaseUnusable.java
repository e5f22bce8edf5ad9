package io.ceip.collector;

import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reports database that cannot be opened at start (no driver for the URL, a host that does not answer, a refused
 * password): one line naming {@code collector.store.jdbc-url} and the database's reason, with the URL and the
 * password cut out of it (a URL may carry {@code password=}); the stack trace at DEBUG.
 */
final class DatabaseUnusable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnusable.class);

    private DatabaseUnusable() {
    }

    static IllegalArgumentException of(SQLException e, String url, String password) {
        LOG.debug("the reports database could not be opened", e);
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replace(url, "the URL");
        if (!password.isEmpty()) {
            reason = reason.replace(password, "***");
        }
        return new IllegalArgumentException("collector.store.jdbc-url: the reports database cannot be used: " + reason
                + " (SQL state " + e.getSQLState() + ")");
    }
}
