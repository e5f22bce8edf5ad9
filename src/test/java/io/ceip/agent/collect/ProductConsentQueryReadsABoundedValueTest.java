package io.ceip.agent.collect;

import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.support.H2Engine;
import io.ceip.agent.support.MariaDbEngine;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review s18 F2: the consent setting's value is read at most 64 characters far (a longer one is no level, and its
 * text is never in the failure), as text or as a number, on every engine.
 */
class ProductConsentQueryReadsABoundedValueTest {

    @Test
    void aLongValueIsNoLevelAndShortOnesOfAnyTypeAreRead() throws Exception {
        for (Supplier<ProductEngine> seeded : List.<Supplier<ProductEngine>>of(H2Engine::seeded,
                PostgresEngine::seeded, MariaDbEngine::seeded)) {
            ProductEngine engine = seeded.get();
            try (Connection c = ProductEngine.connect(engine.url(), engine.adminUser(), engine.adminPassword());
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE product_option (k VARCHAR(20), v VARCHAR(5000), n INT)");
                s.execute("INSERT INTO product_option VALUES ('long', '" + "basic ".repeat(800) + "', 0),"
                        + " ('short', ' Full ', 1), ('none', NULL, NULL)");
                if (engine.vendor().equals("postgresql")) { // H2's agent is an administrator, MariaDB's has the schema
                    s.execute("GRANT SELECT ON product_option TO " + engine.agentUser());
                }
            }
            CollectionConnection database = new CollectionConnection(new DriverManagerDataSource(engine.url(),
                    engine.agentUser(), ProductEngine.AGENT_PASSWORD, 10), 5, Duration.ofSeconds(30), 10,
                    Clock.systemUTC());

            assertThatThrownBy(() -> query(database, "SELECT v FROM product_option WHERE k = 'long'").read())
                    .as(engine.vendor()).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("basic"));
            assertThat(query(database, "SELECT v FROM product_option WHERE k = 'short'").read()).as(engine.vendor())
                    .contains(ConsentLevel.FULL);
            assertThat(query(database, "SELECT n FROM product_option WHERE k = 'long'").read()).as(engine.vendor())
                    .contains(ConsentLevel.OFF);
            assertThat(query(database, "SELECT n FROM product_option WHERE k = 'short'").read()).as(engine.vendor())
                    .contains(ConsentLevel.BASIC);
            assertThat(query(database, "SELECT v FROM product_option WHERE k = 'none'").read()).as(engine.vendor())
                    .isEmpty();
            assertThat(query(database, "SELECT v FROM product_option WHERE k = 'absent'").read()).as(engine.vendor())
                    .isEmpty();
        }
    }

    private static ProductConsentQuery query(CollectionConnection database, String sql) {
        return new ProductConsentQuery(database, sql, 5);
    }
}
