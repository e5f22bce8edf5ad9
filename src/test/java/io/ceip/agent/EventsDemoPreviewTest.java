package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.report.ReportSchema;
import io.ceip.agent.support.AgentTestSupport;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped demo configuration ({@code config/application.properties}, {@code config/events.yaml}, the demo data
 * on, a fresh demo database) previewed at full consent shows the product events: {@code features.events},
 * {@code errors} and {@code durations}, valid against the schema; the demo error's message and framework frame do
 * not appear. Nothing is delivered.
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
}
