package io.ceip.agent.collect;

import io.ceip.agent.support.MariaDbEngine;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s23 F2: a collection is one transaction, never committed, and on PostgreSQL and MariaDB a SELECT keeps the
 * lock it took on a table (PostgreSQL's ACCESS SHARE, MariaDB's metadata lock) until its transaction ends. So a table
 * one query had read stayed locked while every later query ran, up to the whole budget (60 s): the product's own
 * ALTER TABLE or LOCK TABLE on it waited that long, and every query of the product on that table queued behind it.
 * Now a statement's transaction ends (rolled back) when the statement is closed: what a finished query read is not
 * locked while the next one runs.
 */
class CollectionConnectionHoldsNoTableLockBetweenQueriesTest {

    @Test
    void onPostgresTheProductLocksATableAQueryHasRead() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        assertThat(productLocksHostAfterAQueryReadIt(engine, "SET lock_timeout = '1s'",
                "LOCK TABLE host IN ACCESS EXCLUSIVE MODE")).isNull();
    }

    @Test
    void onMariaDbTheProductLocksATableAQueryHasRead() throws Exception {
        ProductEngine engine = MariaDbEngine.seeded();
        assertThat(productLocksHostAfterAQueryReadIt(engine, "SET SESSION lock_wait_timeout = 1",
                "LOCK TABLES host WRITE")).isNull();
    }

    /** The product's error taking {@code lock} on host while the collection is open after one query read it, or null. */
    private static String productLocksHostAfterAQueryReadIt(ProductEngine engine, String shortWait, String lock)
            throws Exception {
        CollectionConnection collection = new CollectionConnection(new DriverManagerDataSource(engine.url(),
                engine.agentUser(), ProductEngine.AGENT_PASSWORD, 5), 5, Duration.ofSeconds(30), 10,
                Clock.systemUTC());
        collection.open();
        try {
            // as camel-jdbc runs a query: a statement, its rows read, both closed
            try (Connection connection = collection.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM host")) {
                assertThat(rows.next()).isTrue();
            }
            try (Connection product = engine.admin(); Statement statement = product.createStatement()) {
                product.setAutoCommit(false);
                statement.execute(shortWait);
                try {
                    statement.execute(lock);
                    return null;
                } catch (SQLException e) {
                    return e.getSQLState() + " " + e.getMessage();
                } finally {
                    product.rollback();
                    if (lock.startsWith("LOCK TABLES")) {
                        statement.execute("UNLOCK TABLES");
                    }
                }
            }
        } finally {
            collection.close();
        }
    }
}
