package io.ceip.agent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.privacy.ConsentLevel;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's schema is read with the first report, not at start: its mapper is asked for only then, and once. */
class ReportSchemaReadOnFirstUseTest {

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void theMapperIsAskedForByTheFirstUseOnly() {
        ReportSchema schema = ReportSchema.onFirstUse(() -> {
            asked.incrementAndGet();
            return json;
        });
        assertThat(asked).hasValue(0);

        ObjectNode report = json.createObjectNode().put("schemaVersion", 1).put("undeclared", "x");
        int dropped = schema.filter(report, ConsentLevel.BASIC);
        int version = schema.dataSetVersion();

        assertThat(asked).hasValue(1);
        assertThat(dropped).isEqualTo(1);
        assertThat(report.has("undeclared")).isFalse();
        assertThat(version).isEqualTo(ReportSchema.load(json).dataSetVersion()).isPositive();
    }
}
