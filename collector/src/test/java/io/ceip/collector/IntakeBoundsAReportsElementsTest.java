package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A report is bounded in JSON tokens while it is read, not only in bytes: 8 MiB of {@code {"failures":[{},{},...]}}
 * (8 KB gzipped, review s17 finding 1) would be a tree of 2.7 million nodes, hundreds of MB of heap; it is refused
 * with 413 before the tree grows past the bound. A full-consent report at the agent's default bounds is taken.
 */
class IntakeBoundsAReportsElementsTest {

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-requests-per-second", "0",
            "collector.intake.max-decompressed-bytes", "8388608")); // the bomb within the bytes: the token bound

    @Test
    void eightMibOfEmptyObjectsIs413BeforeItsTreeIsBuiltAndAFullConsentReportIsTaken() throws Exception {
        String bomb = Reports.any().replace("\"failures\":[]",
                "\"failures\":[" + String.join(",", Collections.nCopies(2_700_000, "{}")) + "]");
        byte[] gzip = Reports.gzip(Reports.utf8(bomb));
        assertThat(gzip.length).as("the bomb, gzipped").isLessThan(16_384);
        long before = collector.collector().store().count();

        try (LogLines log = LogLines.capture()) {
            HttpResponse<String> answer = collector.post(Reports.utf8(bomb), true);

            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.body()).isEqualTo("report has too many JSON elements");
            assertThat(log.intake()).filteredOn(line -> line.contains("HTTP 413")).singleElement().asString()
                    .startsWith("INFO ceip.intake - refused with HTTP 413: report has too many JSON elements (client");
        }
        assertThat(collector.collector().store().count()).isEqualTo(before);
        collector.assertStillAcceptsReports();
        assertAFullConsentReportAtTheAgentsDefaultBoundsIsTaken();
    }

    private static void assertAFullConsentReportAtTheAgentsDefaultBoundsIsTaken() throws Exception {
        StringJoiner events = new StringJoiner(",", "{", "}");
        StringJoiner durations = new StringJoiner(",", "{", "}");
        for (int i = 0; i < 1000; i++) { // ceip.events.max-names: features, and as many operations
            events.add("\"feature." + i + "\":" + i);
            durations.add("\"operation." + i + "\":{\"count\":3,\"p50\":10,\"p90\":20,\"p99\":30,\"max\":40}");
        }
        StringJoiner errors = new StringJoiner(",", "{", "}");
        String frames = "[" + String.join(",", Collections.nCopies(32, "\"com.example.Service.run\"")) + "]";
        for (int i = 0; i < 500; i++) { // ceip.events.max-fingerprints, each with its 32 frames at most
            errors.add("\"%016x\":{\"exception\":\"java.lang.IllegalStateException\",\"count\":2,\"frames\":%s}"
                    .formatted(i, frames));
        }
        StringJoiner installed = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 500; i++) { // ceip.inventory.max-components
            installed.add("{\"name\":\"plugin-" + i + "\",\"version\":\"1.2." + i + "\"}");
        }
        String report = Reports.any().replace("\"consentLevel\":\"basic\"", "\"consentLevel\":\"full\"")
                .replace("\"partial\":false", "\"partial\":false,\"features\":{\"events\":" + events + "},\"errors\":"
                        + errors + ",\"durations\":" + durations + ",\"components\":{\"installed\":" + installed
                        + ",\"other\":0,\"dropped\":0,\"overflow\":0}");

        HttpResponse<String> answer = collector.post(Reports.utf8(report), true);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }
}
