package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The single-node form over real HTTPS: 202 for a new report, 200 with the same body for a repeat in any case. */
class IntakeAcceptsReportsTest {

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of());

    @Test
    void aNewReportIs202AndStoredARepeatInAnotherCaseIs200WithTheSameBody() throws Exception {
        String reportId = UUID.randomUUID().toString();
        String installationId = UUID.randomUUID().toString();
        long before = collector.collector().store().count();

        HttpResponse<String> first = collector.post(Reports.utf8(Reports.report(reportId, installationId)), false);
        HttpResponse<String> again = collector.post(Reports.utf8(Reports.report(reportId.toUpperCase(Locale.ROOT),
                installationId)), true);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"reportId\":\"" + reportId + "\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(collector.collector().store().count()).isEqualTo(before + 1);
        assertThat(collector.collector().store().contains(reportId.toUpperCase(Locale.ROOT))).isTrue();
    }

    @Test
    void aGzipReportIsAccepted() throws Exception {
        HttpResponse<String> response = collector.post(Reports.utf8(Reports.any()), true);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }
}
