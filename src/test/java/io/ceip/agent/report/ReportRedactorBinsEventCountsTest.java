package io.ceip.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.collect.EnvironmentInfo;
import io.ceip.agent.events.DurationHistogram.DurationSummary;
import io.ceip.agent.events.EventAggregate.ErrorSummary;
import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.privacy.RedactionRulesFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product events in a report pass the same redaction as the rest: under basic consent they are removed; under
 * full they stay, valid against the schema, and with {@code ceip.redaction.bin-counts} their counts become ranges
 * (percentiles are times, not counts, and stay).
 */
class ReportRedactorBinsEventCountsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Report report(String consent) {
        return new Report(1, "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b", "b9c6d118-fc63-4d36-bfcf-1f2e6c799c65",
                "2026-11-24T03:00:00Z", consent, new ProductInfo("Demo", "1.0.0", null),
                new EnvironmentInfo("Linux", "6.1", "amd64", "Debian", "17.0.15", "Etc/UTC", 2, 1L << 30, "0.1.0"),
                null, Map.of(),
                new FeatureUsage("2026-11-23T03:00:00Z", "2026-11-24T03:00:00Z", Map.of(),
                        Map.of("dashboards.open", 12L, "other", 3L)), false, List.of(),
                Map.of("0123456789abcdef", new ErrorSummary("java.lang.IllegalStateException", 7,
                        List.of("com.vendor.Foo.bar"))),
                Map.of("deploy", new DurationSummary(30, 1023, 4300, 4300, 4300)), null, null);
    }

    /** The redactor of the shipped rules and the schema, binning counts or not (also ReportRedactorBinsComponentCountsTest's). */
    static ReportRedactor redactor(boolean bin) throws Exception {
        // under the build's java.io.tmpdir (target/tmp), not the JVM's cached /tmp
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        Path salt = Files.createTempDirectory(tmp, "ceip-salt-");
        return new ReportRedactor(ReportSchema.load(JSON), RedactionRulesFile.load(Path.of("config/redaction-rules.yaml"),
                new Pseudonyms(new FileStateStore(salt))), bin, () -> JSON);
    }

    @Test
    void eventCountsAreBinnedAndRemovedUnderBasic() throws Exception {
        JsonNode full = JSON.readTree(redactor(true).redactToJson(report("full"), ConsentLevel.FULL));
        assertThat(full.at("/features/events/dashboards.open").asText()).isEqualTo("11-25");
        assertThat(full.at("/errors/0123456789abcdef/count").asText()).isEqualTo("6-10");
        assertThat(full.at("/errors/0123456789abcdef/frames/0").asText()).isEqualTo("com.vendor.Foo.bar");
        assertThat(full.at("/durations/deploy/count").asText()).isEqualTo("26-50");
        assertThat(full.at("/durations/deploy/p50").asLong()).isEqualTo(1023);
        assertThat(full.at("/redaction/droppedFields").asInt()).isZero();
        assertThat(ReportSchema.load(JSON).violations(full)).isEmpty();

        JsonNode basic = JSON.readTree(redactor(false).redactToJson(report("basic"), ConsentLevel.BASIC));
        assertThat(basic.has("features")).isFalse();
        assertThat(basic.has("errors")).isFalse();
        assertThat(basic.has("durations")).isFalse();
        assertThat(ReportSchema.load(JSON).violations(basic)).isEmpty();
    }

    /**
     * The schema's rule for basic consent: a report that says {@code basic} and still carried its events would not be
     * valid, so the agent's own check ({@code ReportSteps.conforms}) would neither store nor send it, and the
     * collector answers it 400.
     */
    @Test
    void aBasicReportCarryingFullFieldsIsNotValid() throws Exception {
        JsonNode basicWithEvents = JSON.readTree(redactor(false).redactToJson(report("basic"), ConsentLevel.FULL));
        assertThat(basicWithEvents.get("consentLevel").asText()).isEqualTo("basic");
        assertThat(basicWithEvents.has("errors")).isTrue();

        assertThat(ReportSchema.load(JSON).violations(basicWithEvents)).isNotEmpty()
                .allSatisfy(violation -> assertThat(violation).matches("/(features|errors|durations): false"));
    }
}
