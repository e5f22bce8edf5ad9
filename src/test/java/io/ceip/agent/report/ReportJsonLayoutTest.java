package io.ceip.agent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.collect.DatabaseInfo;
import io.ceip.agent.collect.EnvironmentInfo;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's JSON tree, as Jackson makes it from the record (the tree the consent filter and redaction work on):
 * the fields in the order of the published schema, nulls kept, and every kind of value a collection can hold written
 * as Jackson writes it (a timestamp as epoch milliseconds, a decimal as a number, bytes as base64).
 */
class ReportJsonLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EnvironmentInfo environment() {
        return new EnvironmentInfo("Linux", "6.1", "amd64", "Eclipse Adoptium", "17.0.15", "Europe/Paris", 2,
                128L * 1024 * 1024, "0.1.0");
    }

    private static final String ENVIRONMENT = "{\"osName\":\"Linux\",\"osVersion\":\"6.1\",\"osArch\":\"amd64\","
            + "\"javaVendor\":\"Eclipse Adoptium\",\"javaVersion\":\"17.0.15\",\"timezone\":\"Europe/Paris\","
            + "\"processors\":2,\"maxHeapBytes\":134217728,\"agentVersion\":\"0.1.0\"}";

    @Test
    void aBasicReportHasThePublishedLayout() throws Exception {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("hosts", 42L);
        usage.put("services", 0L);
        usage.put("by-os", Map.of("linux", 3L));
        Report report = new Report(1, "r", "i", "2026-11-24T03:00:00Z", "basic", new ProductInfo("Demo", "1.0.0", null),
                environment(), new DatabaseInfo("h2", "2.3.232"), usage, null, false, List.of());

        ObjectNode tree = JSON.valueToTree(report);

        assertThat(tree.fieldNames()).toIterable().containsExactly("schemaVersion", "reportId", "installationId",
                "generatedAt", "consentLevel", "product", "environment", "database", "usage", "features", "partial",
                "failures");
        assertThat(JSON.writeValueAsString(tree)).isEqualTo("{\"schemaVersion\":1,\"reportId\":\"r\","
                + "\"installationId\":\"i\",\"generatedAt\":\"2026-11-24T03:00:00Z\",\"consentLevel\":\"basic\","
                + "\"product\":{\"name\":\"Demo\",\"version\":\"1.0.0\",\"edition\":null},\"environment\":"
                + ENVIRONMENT + ",\"database\":{\"vendor\":\"h2\",\"version\":\"2.3.232\"},\"usage\":{\"hosts\":42,"
                + "\"services\":0,\"by-os\":{\"linux\":3}},\"features\":null,\"partial\":false,\"failures\":[]}");
        assertThat(tree.at("/usage/hosts").isIntegralNumber()).isTrue();
    }

    @Test
    void aFullPartialReportWritesEveryKindOfValue() throws Exception {
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

        ObjectNode tree = JSON.valueToTree(report);

        assertThat(JSON.writeValueAsString(tree.get("usage"))).isEqualTo("{\"row\":{\"name\":\"ops\","
                + "\"since\":1700000000000,\"ratio\":0.25,\"active\":true,\"level\":3,\"nothing\":null,"
                + "\"raw\":\"AQID\"},\"rows\":[{\"a\":1},{\"a\":2}],\"empty\":{},\"text\":\"x\"}");
        assertThat(JSON.writeValueAsString(tree.get("features"))).isEqualTo("{\"from\":\"2026-11-23T03:00:00Z\","
                + "\"to\":\"2026-11-24T03:00:00Z\",\"counts\":{\"ui-actions\":{\"export\":4}}}");
        assertThat(JSON.writeValueAsString(tree.get("failures"))).isEqualTo("[{\"source\":\"database\","
                + "\"error\":\"SQLTimeoutException\",\"reason\":\"timeout\"},{\"source\":\"usage:users\","
                + "\"error\":\"SQLException\",\"reason\":null}]");
        assertThat(tree.get("database").isNull()).isTrue();
        assertThat(tree.get("partial").booleanValue()).isTrue();
    }

    @Test
    void missingPartsAreJsonNulls() {
        Report report = new Report(1, "r", "i", "t", "basic", null, null, null, Map.of(), null, false, List.of());

        ObjectNode tree = JSON.valueToTree(report);

        assertThat(tree.get("product").isNull()).isTrue();
        assertThat(tree.get("environment").isNull()).isTrue();
        assertThat(tree.get("database").isNull()).isTrue();
        assertThat(tree.get("features").isNull()).isTrue();
    }
}
