package io.ceip.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.ops.ReportPreview;
import io.ceip.agent.support.AgentTestSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview is the report that is then delivered, field for field. Only {@code reportId} and
 * {@code generatedAt} differ: each report gets a new ID (the idempotency key of its delivery) and its own time.
 */
class ReportPreviewMatchesDeliveryTest extends AgentTestSupport {

    @Test
    void previewEqualsTheDeliveredJsonApartFromIdAndTime() {
        String preview = context.getRegistry().lookupByNameAndType("reportPreview", ReportPreview.class).preview();
        assertThat(server().received()).as("preview sends nothing").isEmpty();
        assertThat(deadLetters().entries()).as("preview stores nothing").isEmpty();

        runReportCycle();

        ObjectNode previewed = (ObjectNode) parse(preview);
        ObjectNode delivered = (ObjectNode) parse(server().received().get(0).json());
        assertThat(previewed.get("reportId")).isNotEqualTo(delivered.get("reportId"));
        for (ObjectNode report : new ObjectNode[] { previewed, delivered }) {
            report.remove("reportId");
            report.remove("generatedAt");
        }
        assertThat(previewed).isEqualTo(delivered);
    }
}
