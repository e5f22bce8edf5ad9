package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fields the schema marks {@code x-consent-level: full} (features, errors, durations, licence) are data the
 * customer consented to only at full: a report whose {@code consentLevel} is {@code basic} and carries any of them
 * does not match the published schema (400, nothing stored, nothing shown); the same fields at full are taken.
 */
class IntakeRefusesFullFieldsAtBasicConsentTest {

    static final String EVENTS = "\"features\":{\"events\":{\"basic.only.feature\":5}},";
    static final String ERRORS = "\"errors\":{\"00000000000000aa\":{\"exception\":\"java.lang.BasicOnly\","
            + "\"count\":3}},";
    static final String DURATIONS = "\"durations\":{\"basic.only.op\":{\"count\":4,\"p50\":1,\"p90\":2,\"p99\":3,"
            + "\"max\":4}},";
    static final String LICENCE = "\"licence\":{\"type\":\"enterprise\",\"unlimited\":true},";

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-requests-per-second", "0"));

    @Test
    void aBasicReportWithAnyFullFieldIsRefusedAndNothingStored() throws Exception {
        long before = collector.collector().store().count();
        for (String fields : new String[] {EVENTS, ERRORS, DURATIONS, LICENCE, "\"features\":null,",
            EVENTS + ERRORS + DURATIONS}) {
            HttpResponse<String> answer = collector.post(Reports.utf8(report("basic", fields)), true);

            assertThat(answer.statusCode()).as(fields).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("report does not match its schema");
        }

        assertThat(collector.collector().store().count()).isEqualTo(before);
        assertThat(FleetFigures.json(collector, "feature-use").get("values").toString()).doesNotContain("basic.only");
        assertThat(FleetFigures.json(collector, "top-errors").get("values").toString()).doesNotContain("BasicOnly");
        assertThat(FleetFigures.json(collector, "operation-durations").get("values").toString())
                .doesNotContain("basic.only");
        collector.assertStillAcceptsReports();
    }

    @Test
    void aFullReportWithTheSameFieldsIsTaken() throws Exception {
        HttpResponse<String> answer = collector.post(Reports.utf8(report("full",
                EVENTS.replace("basic.only", "full.only") + ERRORS + DURATIONS + LICENCE)), true);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(FleetFigures.json(collector, "feature-use").get("installations").has("full.only.feature"))
                .isTrue();
    }

    /** The rule names every field of x-consent-level full: a new one must be added to it. */
    @Test
    void theSchemasBasicRuleNamesEveryFullField() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/report-v1.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        Set<String> full = new HashSet<>();
        schema.get("properties").fields().forEachRemaining(field -> {
            if (field.getValue().path("x-consent-level").asText().equals("full")) {
                full.add(field.getKey());
            }
        });
        Set<String> forbidden = new HashSet<>();
        schema.get("then").get("properties").fields().forEachRemaining(field -> {
            assertThat(field.getValue().isBoolean() && !field.getValue().booleanValue()).as(field.getKey()).isTrue();
            forbidden.add(field.getKey());
        });

        assertThat(full).isNotEmpty();
        assertThat(forbidden).isEqualTo(full);
        assertThat(schema.get("if").toString()).isEqualTo(
                "{\"properties\":{\"consentLevel\":{\"const\":\"basic\"}},\"required\":[\"consentLevel\"]}");
    }

    private static String report(String consent, String fields) {
        return Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), consent,
                Reports.PRODUCT, "1.0.0", "Linux", "17.0.15", "H2").replace("\"partial\":", fields + "\"partial\":");
    }
}
