package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One INFO line per report stored and one per duplicate (report ID, product name, installation ID), never the
 * token or the report's content, and a value taken from the report cannot break the line.
 */
class CollectorLogsEachReportTest {

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of());

    @Test
    void aStoredReportAndItsRepeatAreOneLineEach() throws Exception {
        String reportId = UUID.randomUUID().toString();
        String installationId = UUID.randomUUID().toString();
        byte[] report = Reports.utf8(Reports.report(reportId, installationId));
        List<String> lines;
        try (LogLines log = LogLines.capture()) {
            assertThat(collector.post(report, false).statusCode()).isEqualTo(202);
            assertThat(collector.post(report, true).statusCode()).isEqualTo(200);
            lines = log.lines();
        }

        assertThat(lines.stream().filter(line -> line.contains(reportId)))
                .containsExactly("INFO io.ceip.collector.store.ReportStore - Stored report " + reportId
                        + " of product 'Demo Monitoring' from installation " + installationId,
                        "INFO io.ceip.collector.intake.Intake - Duplicate report " + reportId
                        + " of product 'Demo Monitoring' from installation " + installationId
                        + ": already stored, answered 200");
        assertThat(String.join("\n", lines)).doesNotContain(Reports.TOKEN).doesNotContain("hosts")
                .doesNotContain("Bearer");
    }

    @Test
    void aLineBreakInTheProductNameDoesNotBreakTheLogLine() throws Exception {
        String overHttps = UUID.randomUUID().toString();
        String fromTheHandOff = UUID.randomUUID().toString();
        List<String> lines;
        try (LogLines log = LogLines.capture()) {
            // the intake refuses a product name that is not its token's exactly (a trailing line break)
            HttpResponse<String> response = collector.post(Reports.utf8(Reports.report(1, overHttps,
                    UUID.randomUUID().toString(), "basic", "Demo Monitoring\\r\\n", "1.0.0", "Linux", "17", "H2")),
                    false);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(collector.collector().store().store(Reports.utf8(Reports.report(1, overHttps,
                    UUID.randomUUID().toString(), "basic", "Demo Monitoring\\r\\n", "1.0.0", "Linux", "17", "H2")),
                    null)).isEqualTo(ReportStore.Outcome.STORED);
            // the store takes what a hand-off (Kafka) gives it: a forged second line
            assertThat(collector.collector().store().store(Reports.utf8(Reports.report(1, fromTheHandOff,
                    UUID.randomUUID().toString(), "basic", "Demo\\n12:00:00.000 WARN forged\\u2028x", "1.0.0",
                    "Linux", "17", "H2")), null)).isEqualTo(ReportStore.Outcome.STORED);
            lines = log.lines();
        }

        assertThat(lines.stream().filter(line -> line.contains(overHttps))).singleElement().asString()
                .contains("of product 'Demo Monitoring??'");
        assertThat(lines.stream().filter(line -> line.contains(fromTheHandOff))).singleElement().asString()
                .contains("of product 'Demo?12:00:00.000 WARN forged?x'");
        assertThat(lines).noneMatch(line -> line.contains("\n") || line.contains("\r") || line.contains("\u2028"));
    }

    @Test
    void aDuplicateTheStoreFindsIsOneLine() throws Exception {
        String reportId = UUID.randomUUID().toString();
        String installationId = UUID.randomUUID().toString();
        byte[] report = Reports.utf8(Reports.report(reportId, installationId));
        ReportStore store = collector.collector().store();
        List<String> lines;
        try (LogLines log = LogLines.capture()) {
            assertThat(store.store(report, null)).isEqualTo(ReportStore.Outcome.STORED);
            assertThat(store.store(report, null)).isEqualTo(ReportStore.Outcome.DUPLICATE);
            lines = log.lines();
        }

        assertThat(lines.stream().filter(line -> line.contains(reportId))).containsExactly(
                "INFO io.ceip.collector.store.ReportStore - Stored report " + reportId
                + " of product 'Demo Monitoring' from installation " + installationId,
                "INFO io.ceip.collector.store.ReportStore - Duplicate report " + reportId
                + " of product 'Demo Monitoring' from installation " + installationId
                + ": already stored, not stored again");
    }
}
