package io.ceip.agent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.consent.ConsentDecision;
import io.ceip.agent.consent.ConsentLevel;
import io.ceip.agent.consent.ConsentPolicy;

import java.io.IOException;

import org.apache.camel.ProducerTemplate;

/**
 * Shows the report that would be sent now, after consent and redaction, without sending or storing anything:
 * it runs the same collection route as a real report ({@code direct:ceip-build-report}) and pretty-prints the
 * JSON. Only {@code reportId} and {@code generatedAt} differ from the next real report: both are new per report.
 */
public final class ReportPreview {

    private final ConsentPolicy consent;
    private final ProducerTemplate template;
    private final ObjectMapper mapper;

    public ReportPreview(ConsentPolicy consent, ProducerTemplate template, ObjectMapper mapper) {
        this.consent = consent;
        this.template = template;
        this.mapper = mapper;
    }

    /** The pretty JSON, or a one-line explanation when consent is off. */
    public String preview() {
        ConsentDecision decision = consent.decide();
        if (decision.level() == ConsentLevel.OFF) {
            return "Consent is off " + "(from " + decision.source() + "): nothing would be collected or sent.";
        }
        byte[] json = template.requestBody("direct:ceip-build-report", null, byte[].class);
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException("the report JSON could not be read back", e);
        }
    }
}
