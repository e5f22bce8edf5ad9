package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped demo configuration ({@code config/application.properties}, {@code config/inventory.yaml}, the demo
 * data on, a fresh demo database) previewed at full consent shows every member of issue 19 — {@code features}
 * (with the feature events), {@code errors}, {@code durations}, {@code components} and {@code licence} — valid
 * against the schema: the declared components by name, the customer's own module as a pseudonym, the one whose
 * version is not a version dropped; the licence's declared type, its month, its declared feature flags and its two
 * engines as pseudonyms, and never the customer's name, the raw key or an engine ID. At basic consent the
 * components stay and the licence goes. Nothing is delivered.
 */
class InventoryDemoPreviewTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full", "ceip.database.demo-data", "true",
                "ceip.database.url", "jdbc:h2:file:" + newTempDirectory().resolve("demo-product") + ";DB_CLOSE_DELAY=60",
                "ceip.database.user", "sa", "ceip.database.password", "");
    }

    @Test
    void aFullConsentPreviewOfTheDemoShowsEveryNewMember() {
        ReportPreview previews = context.getRegistry().lookupByNameAndType("reportPreview", ReportPreview.class);
        String preview = previews.preview();
        JsonNode report = parse(preview);

        assertThat(report.get("features").get("events").size()).isPositive();
        assertThat(report.get("errors").size()).isPositive();
        assertThat(report.get("durations").size()).isPositive();
        JsonNode components = report.get("components");
        assertThat(components.get("installed").toString()).contains(
                "{\"name\":\"connector/snmp\",\"version\":\"24.04.1\"}",
                "{\"name\":\"widget/top-hosts\",\"version\":\"2.0.3-beta\"}",
                "{\"name\":\"monitoring-core\",\"version\":\"1.0.0\"}");
        assertThat(components.get("installed").size()).isEqualTo(7);
        assertThat(components.get("installed").findValuesAsText("name")).filteredOn(n -> n.matches("p:[0-9a-f]{16}"))
                .as("the customer's own module, as a pseudonym").hasSize(1);
        assertThat(components.get("dropped").asLong()).isEqualTo(1);
        assertThat(components.get("other").asLong()).isZero();
        JsonNode licence = report.get("licence");
        assertThat(licence.get("type").asText()).isEqualTo("enterprise");
        assertThat(licence.get("validUntil").asText()).isEqualTo("2027-06");
        assertThat(licence.get("unlimited").asBoolean()).isFalse();
        assertThat(licence.get("features").toString())
                .isEqualTo("{\"connectors\":false,\"dashboards\":true,\"reporting\":true}");
        assertThat(licence.get("engines")).hasSize(2).allSatisfy(e -> assertThat(e.asText()).matches("p:[0-9a-f]{16}"));
        assertThat(licence.get("dropped").asLong()).as("the undeclared feature flag").isEqualTo(1);
        assertThat(licence.has("customer")).isFalse();
        assertThat(preview).doesNotContain("ACME").doesNotContain("acme").doesNotContain("7F3KQ9ZL2M8XW4RT")
                .doesNotContain("jdoe").doesNotContain("beta-assistant").doesNotContain("8343cc7a");
        assertThat(report.get("partial").asBoolean()).isFalse();
        assertThat(ReportSchema.load(JSON).violations(report)).isEmpty();

        context.getRegistry().lookupByNameAndType("consentPolicy", ConsentPolicy.class).set(ConsentLevel.BASIC);
        JsonNode basic = parse(previews.preview());
        assertThat(basic.get("components")).isEqualTo(components);
        assertThat(basic.has("licence")).isFalse();
        assertThat(server().received()).isEmpty();
        System.out.println(preview);
    }
}
