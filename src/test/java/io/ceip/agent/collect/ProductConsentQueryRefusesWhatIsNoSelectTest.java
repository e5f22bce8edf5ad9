package io.ceip.agent.collect;

import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.support.ProductDatabase;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ceip.consent.query} is checked when it is made, like a usage query: a statement that is no single SELECT, or
 * one that locks the product's rows, is refused naming the key (the read-only, rolled-back connection stays the
 * boundary; this is the first, readable line). The product's words for its setting are read as levels.
 */
class ProductConsentQueryRefusesWhatIsNoSelectTest {

    private final ProductDatabase database = ProductDatabase.seeded();
    private final CollectionConnection collection = new CollectionConnection(
            new DriverManagerDataSource(database.url(), "sa", "", 5), 5, Duration.ofSeconds(30), 10, Clock.systemUTC());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "DELETE FROM product_option                                    | sql must be a single SELECT statement",
            "SELECT 'full'; DELETE FROM product_option                     | sql must be a single SELECT statement",
            "CALL send_statistics()                                        | sql must be a single SELECT statement",
            "SELECT v FROM product_option FOR UPDATE                       | sql must not lock rows or write files ('FOR UPDATE')",
            "SELECT v FROM product_option LOCK IN SHARE MODE               | sql must not lock rows or write files ('LOCK IN SHARE MODE')",
            "SELECT v INTO OUTFILE '/tmp/x' FROM product_option            | sql must not lock rows or write files ('INTO OUTFILE')",
    })
    void aStatementThatIsNoPlainSelectIsRefusedNamingTheKey(String sql, String problem) {
        database.execute("SET QUERY_STATISTICS FALSE", "SET QUERY_STATISTICS TRUE");
        assertThatThrownBy(() -> new ProductConsentQuery(collection, sql, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ceip.consent.query: " + problem);
        assertThat(database.executedStatements()).as("nothing ran").isEmpty();
    }

    @Test
    void aSelectIsAcceptedAndRead() throws Exception {
        database.execute("CREATE TABLE product_option (k VARCHAR(20), v VARCHAR(20))",
                "INSERT INTO product_option VALUES ('stats', ' Enabled ')");
        collection.open();
        try {
            assertThat(new ProductConsentQuery(collection, "SELECT v FROM product_option WHERE k = 'stats';", 5).read())
                    .contains(ConsentLevel.BASIC);
            assertThat(new ProductConsentQuery(collection, "SELECT v FROM product_option WHERE k = 'none'", 5).read())
                    .isEmpty();
        } finally {
            collection.close();
        }
    }

    @Test
    void theProductsWordsAreLevels() {
        assertThat(ProductConsentQuery.interpret("Enabled")).isEqualTo(ConsentLevel.BASIC);
        assertThat(ProductConsentQuery.interpret("0")).isEqualTo(ConsentLevel.OFF);
        assertThat(ProductConsentQuery.interpret(" full ")).isEqualTo(ConsentLevel.FULL);
        assertThatThrownBy(() -> ProductConsentQuery.interpret("maybe")).hasMessageContaining("'maybe'");
    }
}
