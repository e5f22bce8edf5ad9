package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The product's own setting in its database decides, and reading it is the only statement run while it says off. */
class ReportCycleProductConsentTest extends AgentTestSupport {

    private static final String CONSENT_QUERY = "SELECT option_value FROM product_option WHERE option_key = 'send_statistics'";

    @Override
    protected Properties overrides() {
        database().execute("CREATE TABLE product_option (option_key VARCHAR(50), option_value VARCHAR(20))",
                "INSERT INTO product_option VALUES ('send_statistics', 'disabled')");
        Properties properties = new Properties();
        properties.setProperty("ceip.consent.default", "full");
        properties.setProperty("ceip.consent.query", CONSENT_QUERY);
        return properties;
    }

    @Test
    void offInTheProductMeansOnlyTheConsentQueryRuns() {
        database().execute("SET QUERY_STATISTICS FALSE", "SET QUERY_STATISTICS TRUE");

        runReportCycle();
        runReportCycle();

        assertThat(database().executedStatements()).containsExactly(CONSENT_QUERY);
        assertThat(server().connections()).isZero();

        database().execute("UPDATE product_option SET option_value = 'basic'");
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(parse(server().received().get(0).json()).get("consentLevel").asText()).isEqualTo("basic");
    }
}
