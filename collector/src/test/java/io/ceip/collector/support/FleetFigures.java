package io.ceip.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fleet's figures as JSON (/v1/fleet/<figure>.json with the fleet token), checked against what was fed. */
public final class FleetFigures {

    public static final String FLEET_TOKEN = "ceip-fleet-demo-token-0123";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FleetFigures() {
    }

    /** The figure's JSON; it must be 200, application/json and name the figure. */
    public static JsonNode json(TestCollector collector, String name) throws Exception {
        HttpResponse<String> response = collector.post(HttpRequest.newBuilder(collector.uri("/v1/fleet/" + name
                + ".json")).GET().header("Authorization", "Bearer " + FLEET_TOKEN));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = MAPPER.readTree(response.body());
        assertThat(json.get("figure").asText()).isEqualTo(name);
        return json;
    }

    public static Map<String, Long> counts(TestCollector collector, String name) throws Exception {
        return MAPPER.convertValue(json(collector, name).get("values"), new TypeReference<Map<String, Long>>() { });
    }

    /** The product versions: product, version, installations each (a missing product or version null). */
    public static List<List<Object>> productVersions(TestCollector collector) throws Exception {
        return rows(json(collector, "product-versions").get("values"), "product", "version", "installations");
    }

    /** Every figure equals the {@link SimulatedFleet} that was fed, its event figures in their order. */
    public static void assertEveryFigureIsTheSimulatedFleet(TestCollector collector) throws Exception {
        assertThat(productVersions(collector)).isEqualTo(SimulatedFleet.VERSIONS);
        assertThat(counts(collector, "operating-systems")).isEqualTo(SimulatedFleet.OPERATING_SYSTEMS);
        assertThat(counts(collector, "java-versions")).isEqualTo(SimulatedFleet.JAVA_VERSIONS);
        assertThat(counts(collector, "database-vendors")).isEqualTo(SimulatedFleet.DATABASE_VENDORS);
        assertThat(counts(collector, "consent-levels")).isEqualTo(SimulatedFleet.CONSENT_LEVELS);
        assertThat(counts(collector, "active-installations")).isEqualTo(SimulatedFleet.activeToday());

        JsonNode use = json(collector, "feature-use");
        assertThat(use.get("bucket").asText()).isEqualTo("day");
        assertThat(MAPPER.convertValue(use.get("values"), new TypeReference<Map<String, Map<String, Long>>>() { }))
                .isEqualTo(SimulatedFleet.featureUses());
        List<String> order = new ArrayList<>();
        use.get("values").fieldNames().forEachRemaining(order::add);
        assertThat(order).as("most installations first, then most used")
                .containsExactlyElementsOf(SimulatedFleet.featureUses().keySet());
        assertThat(MAPPER.convertValue(use.get("installations"), new TypeReference<Map<String, Long>>() { }))
                .isEqualTo(SimulatedFleet.FEATURE_INSTALLATIONS);

        assertThat(rows(json(collector, "top-errors").get("values"), "fingerprint", "exception", "count",
                "installations")).isEqualTo(SimulatedFleet.ERRORS);

        JsonNode durations = json(collector, "operation-durations");
        assertThat(durations.get("combination").asText()).contains("weighted by their runs", "not a percentile",
                "upper bound of its histogram bucket");
        assertThat(rows(durations.get("values"), "operation", "runs", "installations", "p50", "p90", "p99",
                "worstP99", "max")).isEqualTo(SimulatedFleet.DURATIONS);

        JsonNode usage = json(collector, "usage");
        assertThat(usage.get("percentiles").asText()).contains("latest report");
        assertThat(rows(usage.get("values"), "product", "source", "key", "installations", "sum", "p50", "p90", "max"))
                .as("each installation's latest report only").isEqualTo(SimulatedFleet.USAGE);
    }

    /** The members of each element (each must be there), text as String, numbers as Long, null as null. */
    private static List<List<Object>> rows(JsonNode array, String... members) {
        assertThat(array.isArray()).isTrue();
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode element : array) {
            List<Object> row = new ArrayList<>();
            for (String member : members) {
                JsonNode value = element.get(member);
                assertThat(value).as(member).isNotNull();
                row.add(value.isNull() ? null : value.isTextual() ? value.asText() : (Object) value.asLong());
            }
            rows.add(row);
        }
        return rows;
    }
}
