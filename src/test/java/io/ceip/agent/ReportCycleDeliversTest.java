package io.ceip.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.ProductDatabase;
import io.ceip.agent.support.TestHttpsServer.Received;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCycleDeliversTest extends AgentTestSupport {

    @Test
    void oneCycleDeliversOneGzipJsonReportWithEveryDocumentedField() {
        runReportCycle();

        List<Received> requests = server().received();
        assertThat(requests).hasSize(1);
        Received request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/reports");
        assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("User-Agent")).startsWith("ceip-agent/");
        assertThat(request.headers().keySet())
                .noneMatch(name -> name.startsWith("camel"))
                .noneMatch(name -> name.startsWith("ceip"))
                .doesNotContain("firetime", "jobruntime", "trigger", "scheduler");

        JsonNode report = parse(request.json());
        assertThat(report.fieldNames()).toIterable().containsExactly("schemaVersion", "reportId", "installationId",
                "generatedAt", "consentLevel", "product", "environment", "database", "usage", "components", "partial",
                "failures", "redaction");
        assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(request.header("Idempotency-Key")).isEqualTo(report.get("reportId").asText());
        assertThat(report.get("installationId").asText()).matches("[0-9a-f-]{36}");
        assertThat(report.get("generatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
        assertThat(report.get("consentLevel").asText()).isEqualTo("basic");
        assertThat(report.at("/product/name").asText()).isEqualTo("Demo Monitoring");
        assertThat(report.at("/environment").fieldNames()).toIterable().containsExactly("osName", "osVersion",
                "osArch", "javaVendor", "javaVersion", "timezone", "processors", "maxHeapBytes", "agentVersion");
        assertThat(report.at("/environment/processors").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(report.at("/database/vendor").asText()).isEqualTo("h2");
        assertThat(report.at("/database/version").asText()).matches("2\\.\\d+\\.\\d+");
        assertThat(report.at("/usage/hosts").asLong()).isEqualTo(ProductDatabase.HOSTS);
        assertThat(report.at("/usage/services").asLong()).isEqualTo(ProductDatabase.SERVICES);
        assertThat(report.at("/usage/host-groups").asLong()).isEqualTo(ProductDatabase.HOST_GROUPS);
        assertThat(report.at("/usage/service-groups").asLong()).isEqualTo(ProductDatabase.SERVICE_GROUPS);
        assertThat(report.at("/usage/users").asLong()).isEqualTo(ProductDatabase.USERS);
        assertThat(report.at("/usage").has("ui-actions")).as("full-only count under basic consent").isFalse();
        assertThat(report.has("features")).as("full-only field under basic consent").isFalse();
        assertThat(report.has("licence")).as("full-only field under basic consent").isFalse();
        assertThat(report.at("/components/installed").size()).as("config/inventory.yaml, basic").isEqualTo(3);
        assertThat(report.at("/redaction/droppedFields").asInt()).isZero();
        assertThat(report.get("partial").asBoolean()).isFalse();
        assertThat(report.get("failures")).isEmpty();

        assertThat(deadLetters().entries()).as("delivered reports leave the store").isEmpty();
    }
}
