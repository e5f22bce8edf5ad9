package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change of the effective consent is audited by the first path that notices it, not by the next scheduled report:
 * the JMX attributes (ConsentLevel, ConsentSource), sendNow, a report cycle and setConsent each write the line at once.
 * The change here comes from the product's own setting (ceip.consent.query), which the agent does not control.
 */
class ConsentChangeAuditedWhenNoticedTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        database().execute("CREATE TABLE product_option (option_key VARCHAR(50), option_value VARCHAR(20))",
                "INSERT INTO product_option VALUES ('send_statistics', 'basic')");
        return with("ceip.consent.query",
                "SELECT option_value FROM product_option WHERE option_key = 'send_statistics'");
    }

    @Test
    void eachPathAuditsTheChangeItNotices() throws Exception {
        assertThat(management().getConsentLevel()).isEqualTo("basic");
        assertThat(audit()).containsExactly("none -> basic source=product-setting");

        product("disabled");
        assertThat(management().getConsentLevel()).as("JMX ConsentLevel").isEqualTo("off");
        assertThat(audit()).last().isEqualTo("basic -> off source=product-setting");

        product("basic");
        assertThat(management().getConsentSource()).as("JMX ConsentSource").isEqualTo("product-setting");
        assertThat(audit()).last().isEqualTo("off -> basic source=product-setting");

        product("disabled");
        assertThat(management().sendNow()).startsWith("Nothing sent: consent is off");
        assertThat(audit()).as("sendNow").last().isEqualTo("basic -> off source=product-setting");

        product("basic");
        runReportCycle();
        assertThat(audit()).as("a cycle").last().isEqualTo("off -> basic source=product-setting");

        management().setConsent("off");
        assertThat(audit()).as("setConsent").last().isEqualTo("basic -> off source=runtime-setting;by=jmx");
        assertThat(audit()).hasSize(6);
    }

    private void product(String value) {
        database().execute("UPDATE product_option SET option_value = '" + value + "'");
    }

    private List<String> audit() throws Exception {
        Path file = dataDirectory().resolve("consent-audit.log");
        return Files.readAllLines(file).stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
    }
}
