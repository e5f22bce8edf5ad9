package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ceip.collector.support.SimulatedFleet;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's figures at /v1/fleet/*.json match the simulated fleet that was fed; the token is required. */
class FleetFiguresAsJsonTest {

    static final String FLEET_TOKEN = "ceip-fleet-demo-token-0123";

    @TempDir
    static Path dir;

    static TestCollector collector;

    @BeforeAll
    static void start() throws Exception {
        collector = TestCollector.start(dir, Map.of("collector.intake.max-requests-per-second", "0"));
        SimulatedFleet.feed(collector);
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
    }

    private Map<String, Long> figure(String name) throws Exception {
        HttpResponse<String> response = collector.post(HttpRequest.newBuilder(collector.uri("/v1/fleet/" + name
                + ".json")).GET().header("Authorization", "Bearer " + FLEET_TOKEN));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = new ObjectMapper().readTree(response.body());
        assertThat(json.get("figure").asText()).isEqualTo(name);
        return new ObjectMapper().convertValue(json.get("values"), new TypeReference<Map<String, Long>>() { });
    }

    @Test
    void everyFigureCountsTheInstallationsThatWereFed() throws Exception {
        assertThat(figure("product-versions")).isEqualTo(SimulatedFleet.VERSIONS);
        assertThat(figure("operating-systems")).isEqualTo(SimulatedFleet.OPERATING_SYSTEMS);
        assertThat(figure("java-versions")).isEqualTo(SimulatedFleet.JAVA_VERSIONS);
        assertThat(figure("database-vendors")).isEqualTo(SimulatedFleet.DATABASE_VENDORS);
        assertThat(figure("consent-levels")).isEqualTo(SimulatedFleet.CONSENT_LEVELS);
        assertThat(figure("active-installations")).isEqualTo(SimulatedFleet.activeToday());
    }

    @Test
    void withoutTheFleetTokenItIs401WithABasicChallengeAndAnUnknownFigureIs404() throws Exception {
        HttpResponse<String> none = collector.post(HttpRequest.newBuilder(collector.uri("/fleet")).GET());
        HttpResponse<String> agentToken = collector.post(HttpRequest.newBuilder(collector.uri(
                "/v1/fleet/consent-levels.json")).GET().header("Authorization", "Bearer ceip-demo-token-0123456789"));
        HttpResponse<String> unknown = collector.post(HttpRequest.newBuilder(collector.uri(
                "/v1/fleet/secrets.json")).GET().header("Authorization", "Bearer " + FLEET_TOKEN));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Basic realm=\"ceip-fleet\""));
        assertThat(none.body()).isEqualTo("the fleet view needs its token");
        assertThat(agentToken.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("no such figure");
    }

    @Test
    void thePageShowsMarkupFromReportsAsText() throws Exception {
        HttpResponse<String> page = collector.post(HttpRequest.newBuilder(collector.uri("/fleet")).GET()
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("vendor:"
                        + FLEET_TOKEN).getBytes(java.nio.charset.StandardCharsets.UTF_8))));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(SimulatedFleet.MARKUP_OS).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
