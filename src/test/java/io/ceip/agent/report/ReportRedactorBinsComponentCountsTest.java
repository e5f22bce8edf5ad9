package io.ceip.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.collect.EnvironmentInfo;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.report.Components.Component;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The counts of the report member {@code components} ({@code other}, {@code dropped}, {@code overflow}) are binned
 * with {@code ceip.redaction.bin-counts} like every other count, valid against the schema; the installed names and
 * versions are not counts and stay; without binning the counts stay exact.
 */
class ReportRedactorBinsComponentCountsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Report report() {
        return new Report(1, "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b", "b9c6d118-fc63-4d36-bfcf-1f2e6c799c65",
                "2026-11-24T03:00:00Z", "basic", new ProductInfo("Demo", "1.0.0", null),
                new EnvironmentInfo("Linux", "6.1", "amd64", "Debian", "17.0.15", "Etc/UTC", 2, 1L << 30, "0.1.0"),
                null, Map.of("hosts", 42L), null, false, List.of(), null, null,
                new Components(List.of(new Component("reporting", "2.4.1")), 7, 2, 30), null);
    }

    @Test
    void componentCountsAreBinnedLikeTheOtherCounts() throws Exception {
        ReportRedactor redactor = ReportRedactorBinsEventCountsTest.redactor(true);
        JsonNode binned = JSON.readTree(redactor.redactToJson(report(), ConsentLevel.BASIC));

        assertThat(binned.at("/usage/hosts").asText()).isEqualTo("26-50");
        assertThat(binned.at("/components/other").asText()).isEqualTo("6-10");
        assertThat(binned.at("/components/dropped").asText()).isEqualTo("1-5");
        assertThat(binned.at("/components/overflow").asText()).isEqualTo("26-50");
        assertThat(binned.at("/components/installed/0/name").asText()).isEqualTo("reporting");
        assertThat(binned.at("/components/installed/0/version").asText()).isEqualTo("2.4.1");
        assertThat(ReportSchema.load(JSON).violations(binned)).isEmpty();

        JsonNode again = JSON.readTree(redactor.redactToJson((ObjectNode) binned.deepCopy(), ConsentLevel.BASIC));
        assertThat(again.get("components")).as("a stored, binned report redacted again").isEqualTo(binned.get("components"));
    }

    @Test
    void componentCountsStayExactWithoutBinning() throws Exception {
        JsonNode exact = JSON.readTree(ReportRedactorBinsEventCountsTest.redactor(false).redactToJson(report(), ConsentLevel.BASIC));

        assertThat(exact.at("/components/other").isIntegralNumber()).isTrue();
        assertThat(exact.at("/components/other").asLong()).isEqualTo(7);
        assertThat(exact.at("/components/dropped").asLong()).isEqualTo(2);
        assertThat(exact.at("/components/overflow").asLong()).isEqualTo(30);
    }
}
