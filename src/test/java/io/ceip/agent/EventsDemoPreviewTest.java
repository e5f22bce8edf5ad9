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
 * The shipped demo configuration ({@code config/application.properties}, {@code config/events.yaml}, the demo data
 * on, a fresh demo database) previewed at full consent shows the product events: {@code features.events},
 * {@code errors} and {@code durations}, valid against the schema; the demo error's message and framework frame do
 * not appear. The same preview shows {@code components} and {@code licence} (config/inventory.yaml): the declared
 * components by name, the customer's own module as a pseudonym, the one whose version is not a version dropped; the
 * licence's declared type, its month, its declared feature flags and its two engines as pseudonyms, never the
 * customer's name, the raw key or an engine ID; at basic consent the components stay and the licence goes. Nothing
 * is delivered.
 */
class EventsDemoPreviewTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "full", "ceip.database.demo-data", "true",
                "ceip.database.url", "jdbc:h2:file:" + newTempDirectory().resolve("demo-product") + ";DB_CLOSE_DELAY=60",
                "ceip.database.user", "sa", "ceip.database.password", "");
    }

    @Test
    void aFullConsentPreviewOfTheDemoShowsFeaturesErrorsAndDurations() {
        String preview = context.getRegistry().lookupByNameAndType("reportPreview", ReportPreview.class).preview();
        JsonNode report = parse(preview);

        assertThat(report.at("/features/events/dashboards.open").asLong()).isEqualTo(5);
        assertThat(report.at("/features/events/reports.export").asLong()).isEqualTo(1);
        assertThat(report.at("/features/events/other").asLong()).isEqualTo(1);
        assertThat(report.get("errors").size()).isEqualTo(1);
        JsonNode error = report.get("errors").elements().next();
        assertThat(error.get("count").asLong()).isEqualTo(2);
        assertThat(error.get("frames").toString()).isEqualTo("[\"com.demo.monitoring.dashboards.DashboardService.open\","
                + "\"com.demo.monitoring.web.DashboardController.show\"]");
        assertThat(report.at("/durations/deploy/count").asLong()).isEqualTo(5);
        assertThat(report.at("/durations/deploy/max").asLong()).isEqualTo(4300);
        assertThat(report.at("/durations/report.render/p99").asLong()).isEqualTo(230);
        assertThat(preview).doesNotContain("admin@example.com").doesNotContain("org.framework")
                .doesNotContain("beta.sandbox");
        assertThat(ReportSchema.load(JSON).violations(report)).isEmpty();
        assertThat(server().received()).isEmpty();
        System.out.println(preview);
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
        assertThat(basic.has("features")).isFalse();
        assertThat(ReportSchema.load(JSON).violations(basic)).as("no full field at basic").isEmpty();
        assertThat(server().received()).isEmpty();
        System.out.println(preview);
    }
}
