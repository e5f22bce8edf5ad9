package io.ceip.collector.support;

import java.io.IOException;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL ({@link Postgres}) for the tests of a class: started before its first test, stopped after its
 * last. Register it on a static field ({@code @RegisterExtension static final PostgresExtension postgres = new
 * PostgresExtension();}); each test makes a database of its own ({@link #database}).
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private Postgres engine;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        engine = Postgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** {@link Postgres#database}. */
    public String database(String name) throws SQLException {
        return running().database(name);
    }

    /** {@link Postgres#admin}. */
    public void admin(String... sql) throws SQLException {
        running().admin(sql);
    }

    /** {@link Postgres#url}. */
    public String url(String database) {
        return running().url(database);
    }

    private Postgres running() {
        if (engine == null) {
            throw new IllegalStateException("PostgresExtension: not started (register it on a static field)");
        }
        return engine;
    }
}
