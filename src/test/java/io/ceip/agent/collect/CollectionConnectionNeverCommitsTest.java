package io.ceip.agent.collect;

import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.support.ProductDatabase;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing that holds the agent's product database connection can commit, even on an account that may write and an
 * engine without read-only transactions (H2 as its administrator): commit, auto-commit on, read-only off, procedure
 * calls, updates through JDBC and the driver's own connection are refused; a data-change SELECT is rolled back —
 * also when camel-jdbc runs with its default {@code resetAutoCommit=true}, which commits after each statement; the
 * consent query's connection is rolled back too.
 */
class CollectionConnectionNeverCommitsTest {

    private static final String INSERTING_SELECT = "SELECT COUNT(*) FROM FINAL TABLE (INSERT INTO host VALUES (900, 'x', 'y'))";

    private final ProductDatabase database = ProductDatabase.seeded();
    private final CollectionConnection collection = new CollectionConnection(
            new DriverManagerDataSource(database.url(), "sa", "", 5), 5, Duration.ofSeconds(30), 10, Clock.systemUTC());

    @Test
    void nothingThroughTheConnectionCanCommitOrEscapeTheGuard() throws Exception {
        collection.open();
        try (Connection connection = collection.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            int isolation = connection.getTransactionIsolation();
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(connection.getTransactionIsolation()).as("setters are ignored").isEqualTo(isolation);
            assertThat(connection.getAutoCommit()).isFalse();

            assertThatThrownBy(connection::commit).isInstanceOf(WriteRefusedException.class)
                    .hasMessageContaining("commit refused");
            assertThatThrownBy(() -> connection.setAutoCommit(true)).isInstanceOf(WriteRefusedException.class);
            assertThatThrownBy(() -> connection.setReadOnly(false)).isInstanceOf(WriteRefusedException.class);
            assertThatThrownBy(() -> connection.prepareCall("CALL 1")).isInstanceOf(WriteRefusedException.class);
            assertThatThrownBy(() -> connection.unwrap(Connection.class)).isInstanceOf(WriteRefusedException.class);
            assertThat(connection.isWrapperFor(Connection.class)).isFalse();

            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(metaData.getConnection()).isSameAs(connection);
            assertThatThrownBy(() -> metaData.unwrap(DatabaseMetaData.class)).isInstanceOf(WriteRefusedException.class);

            Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
            assertThat(statement.getConnection()).isSameAs(connection);
            statement.setMaxRows(0);
            assertThat(statement.getMaxRows()).as("the row cap stays").isEqualTo(11);
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM host")).isInstanceOf(WriteRefusedException.class);
            assertThatThrownBy(() -> statement.addBatch("DELETE FROM host")).isInstanceOf(WriteRefusedException.class);
            assertThatThrownBy(statement::executeBatch).isInstanceOf(WriteRefusedException.class);
            try (ResultSet rows = statement.executeQuery("SELECT id, name FROM host WHERE id = 1")) {
                assertThat(rows.getStatement()).isSameAs(statement);
                rows.next();
                assertThatThrownBy(() -> rows.updateString(2, "changed")).isInstanceOf(WriteRefusedException.class);
                assertThatThrownBy(rows::updateRow).isInstanceOf(WriteRefusedException.class);
                assertThatThrownBy(rows::deleteRow).isInstanceOf(WriteRefusedException.class);
            }

            try (PreparedStatement inserting = connection.prepareStatement(INSERTING_SELECT);
                    ResultSet rows = inserting.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).as("the insert ran in the transaction").isEqualTo(1);
            }
            assertThatThrownBy(connection::commit).isInstanceOf(WriteRefusedException.class);
        } finally {
            collection.close();
        }
        assertThat(hosts()).as("rolled back").isEqualTo(ProductDatabase.HOSTS);
    }

    /** camel-jdbc's default (resetAutoCommit=true) commits after each statement: the guard refuses it. */
    @Test
    void camelJdbcCannotCommitEvenWithItsDefaultResetAutoCommit() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("ds", collection);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:committing").to("jdbc:ds?outputType=SelectList");
                    from("direct:agent").to("jdbc:ds?outputType=SelectList&resetAutoCommit=false");
                }
            });
            camel.start();
            collection.open();
            try {
                assertThatThrownBy(() -> camel.createProducerTemplate().requestBody("direct:committing", INSERTING_SELECT))
                        .isInstanceOf(CamelExecutionException.class).cause().isInstanceOf(WriteRefusedException.class);
                List<?> rows = camel.createProducerTemplate().requestBody("direct:agent", INSERTING_SELECT, List.class);
                assertThat(List.copyOf(((Map<?, ?>) rows.get(0)).values())).isEqualTo(List.of(1L));
            } finally {
                collection.close();
            }
        }
        assertThat(hosts()).isEqualTo(ProductDatabase.HOSTS);
        assertThat(database.executedStatements()).as("what ran").contains(INSERTING_SELECT).doesNotContain("COMMIT");
    }

    @Test
    void theConsentQueryConnectionIsRolledBackToo() throws Exception {
        Optional<ConsentLevel> level = new ProductConsentQuery(collection,
                "SELECT 'basic' FROM FINAL TABLE (INSERT INTO host VALUES (901, 'x', 'y'))", 5).read();

        assertThat(level).contains(ConsentLevel.BASIC);
        assertThat(hosts()).isEqualTo(ProductDatabase.HOSTS);
        try (Connection connection = collection.getConnection()) {
            assertThatThrownBy(connection::commit).isInstanceOf(WriteRefusedException.class);
        }
    }

    private long hosts() throws Exception {
        try (Connection connection = java.sql.DriverManager.getConnection(database.url(), "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM host")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
