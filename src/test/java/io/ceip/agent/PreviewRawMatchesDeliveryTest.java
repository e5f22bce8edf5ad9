package io.ceip.agent;

import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.report.ReportSteps;
import io.ceip.agent.support.AgentTestSupport;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Given the same report ID and time, preview --raw is the delivered body, byte for byte, at basic and full. */
class PreviewRawMatchesDeliveryTest extends AgentTestSupport {

    private static final String REPORT_ID = "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b";
    private static final Instant GENERATED_AT = Instant.parse("2026-11-23T10:15:30.123Z");

    @Override
    protected Properties overrides() {
        // the events spool off, as in the preview command: its route would write consent-level beside the preview
        return with("ceip.consent.default", "full", "ceip.events.enabled", "false");
    }

    @Test
    void rawPreviewIsTheDeliveredBodyAndWritesNothing() throws Exception {
        byte[] raw = context.getRegistry().lookupByNameAndType("reportPreview", ReportPreview.class)
                .raw(REPORT_ID, GENERATED_AT);
        try (var files = Files.list(dataDirectory())) {
            assertThat(files).as("a preview writes nothing (the empty lock was made at start: the agent owns the"
                    + " events)").containsExactly(dataDirectory().resolve("events.lock"));
        }
        assertThat(dataDirectory().resolve("events.lock")).isEmptyFile();

        template.send("direct:ceip-report", exchange -> {
            exchange.setProperty(ReportSteps.REPORT_ID, REPORT_ID);
            exchange.setProperty(ReportSteps.GENERATED_AT, GENERATED_AT);
        });

        assertThat(server().received()).singleElement().satisfies(request -> {
            assertThat(request.rawBody()).isEqualTo(raw);
            assertThat(request.json()).contains("\"features\"").contains(REPORT_ID);
        });
        assertThat(Files.readString(dataDirectory().resolve("installation-id")).trim())
                .isEqualTo(parse(server().received().get(0).json()).get("installationId").asText());
    }
}
