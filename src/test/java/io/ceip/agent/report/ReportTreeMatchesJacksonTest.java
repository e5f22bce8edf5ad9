package io.ceip.agent.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.collect.DatabaseInfo;
import io.ceip.agent.collect.EnvironmentInfo;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report tree written field by field is the tree Jackson's bean serialization made of the same report (the
 * layout the schema and the README publish), for every kind of value a collection can hold.
 */
class ReportTreeMatchesJacksonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Jackson's view of a report: the record, with the published field order. */
    @JsonPropertyOrder({ "schemaVersion", "reportId", "installationId", "generatedAt", "consentLevel", "product",
            "environment", "database", "usage", "features", "partial", "failures" })
    abstract static class PublishedOrder {
    }

    private static final ObjectMapper BEANS = new ObjectMapper().addMixIn(Report.class, PublishedOrder.class);

    /** Asserts the same nodes (types included) and the same JSON text (order included). */
    private static void assertSameAsJackson(ObjectNode tree, Report report) throws Exception {
        JsonNode jackson = BEANS.valueToTree(report);
        assertThat(tree).isEqualTo(jackson);
        assertThat(JSON.writeValueAsString(tree)).isEqualTo(BEANS.writeValueAsString(report));
    }

    private static EnvironmentInfo environment() {
        return new EnvironmentInfo("Linux", "6.1", "amd64", "Eclipse Adoptium", "17.0.15", "Europe/Paris", 2,
                128L * 1024 * 1024, "0.1.0");
    }

    @Test
    void aBasicReportIsTheSameTree() throws Exception {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("hosts", 42L);
        usage.put("services", 0L);
        usage.put("by-os", Map.of("linux", 3L));
        Report report = new Report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "2026-11-24T03:00:00Z", "basic", new ProductInfo("Demo", "1.0.0", null), environment(),
                new DatabaseInfo("h2", "2.3.232"), usage, null, false, List.of());

        ObjectNode tree = ReportTree.of(report, JSON);

        assertSameAsJackson(tree, report);
        assertThat(tree.fieldNames()).toIterable().containsExactly("schemaVersion", "reportId", "installationId",
                "generatedAt", "consentLevel", "product", "environment", "database", "usage", "features", "partial",
                "failures");
    }

    @Test
    void aFullPartialReportWithEveryKindOfValueIsTheSameTree() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", "ops");
        row.put("since", new Timestamp(1_700_000_000_000L));
        row.put("ratio", new BigDecimal("0.25"));
        row.put("active", true);
        row.put("level", 3);
        row.put("nothing", null);
        row.put("raw", new byte[] { 1, 2, 3 });
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("row", row);
        usage.put("rows", List.of(Map.of("a", 1L), Map.of("a", 2L)));
        usage.put("empty", Map.of());
        usage.put("text", "x");
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("ui-actions", Map.of("export", 4L));
        Report report = new Report(1, "r", "i", "2026-11-24T03:00:00Z", "full",
                new ProductInfo("Demo", "1.0.0", "community"), environment(), null, usage,
                new FeatureUsage("2026-11-23T03:00:00Z", "2026-11-24T03:00:00Z", counts), true,
                List.of(new CollectionFailure("database", "SQLTimeoutException", "timeout"),
                        new CollectionFailure("usage:users", "SQLException", null)));

        assertSameAsJackson(ReportTree.of(report, JSON), report);
    }

    @Test
    void missingPartsAreJsonNulls() throws Exception {
        Report report = new Report(1, "r", "i", "t", "basic", null, null, null, Map.of(), null, false, List.of());

        ObjectNode tree = ReportTree.of(report, JSON);

        assertSameAsJackson(tree, report);
        assertThat(tree.get("product").isNull()).isTrue();
        assertThat(tree.get("database").isNull()).isTrue();
        assertThat(tree.get("features").isNull()).isTrue();
    }
}
