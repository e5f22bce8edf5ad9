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
 * Review s29 F1: a collection's transaction took the database's default isolation. On a MariaDB (or MySQL) server whose
 * default is {@code SERIALIZABLE} (a DBA's {@code transaction-isolation} in my.cnf), InnoDB turns every plain SELECT of
 * a transaction into a locking read ({@code LOCK IN SHARE MODE}): the agent's count waited behind a row the product had
 * updated (up to its query timeout, then failed), and held shared locks on every row it read, so the product's writers
 * waited behind the agent. On PostgreSQL with {@code default_transaction_isolation = serializable} the agent's
 * transactions took part in the product's serializable conflict checks (predicate locks, serialization failures). Now
 * the collection's session is {@code READ COMMITTED} (and read-only) whatever the default: plain reads, no lock.
 */
class CollectionReadsWithoutLocksOnASerializableDatabaseTest {

    @Test
    void onMariaDbACountIsNotHeldUpByARowTheProductUpdated() throws Exception {
        ProductEngine engine = MariaDbEngine.seeded();
        long hosts = engine.queryLong("SELECT COUNT(*) FROM host");
        engine.execute("SET GLOBAL TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        try (Connection product = engine.admin(); Statement update = product.createStatement()) {
            product.setAutoCommit(false);
            update.executeUpdate("UPDATE host SET name = 'renamed' WHERE id = 1"); // its row lock held, uncommitted
            CollectionConnection collection = collection(engine);
            collection.open();
            try (Connection connection = collection.getConnection()) {
                long started = System.nanoTime();
                String count;
                try {
                    count = text(connection, "SELECT COUNT(*) FROM host");
                } catch (SQLException e) {
                    count = e.getClass().getSimpleName() + " " + e.getSQLState();
                }
                assertThat(count).as("read without waiting for the product's lock").isEqualTo(Long.toString(hosts));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                assertThat(text(connection, "SELECT @@session.transaction_isolation")).isEqualTo("READ-COMMITTED");
            } finally {
                collection.close();
                product.rollback();
            }
        } finally {
            engine.execute("SET GLOBAL TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        }
    }

    @Test
    void onPostgresTheCollectionIsNoSerializableTransaction() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        engine.execute("ALTER ROLE " + engine.agentUser() + " SET default_transaction_isolation = 'serializable'");
        CollectionConnection collection = collection(engine);
        collection.open();
        try (Connection connection = collection.getConnection()) {
            assertThat(text(connection, "SELECT current_setting('transaction_isolation')")).isEqualTo("read committed");
            assertThat(text(connection, "SELECT current_setting('transaction_read_only')")).isEqualTo("on");
        } finally {
            collection.close();
        }
    }

    private static CollectionConnection collection(ProductEngine engine) {
        return new CollectionConnection(new DriverManagerDataSource(engine.url(), engine.agentUser(),
                ProductEngine.AGENT_PASSWORD, 5), 2, Duration.ofSeconds(30), 10, Clock.systemUTC());
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
