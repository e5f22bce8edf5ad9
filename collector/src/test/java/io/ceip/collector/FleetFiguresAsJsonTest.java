package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.SimulatedFleet;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet's figures at /v1/fleet/*.json match the simulated fleet that was fed (installations per value and per
 * day, feature use per day, top errors, duration percentiles, usage counts of each installation's latest report); the
 * token is required; markup from reports (an OS, a feature, an exception type, an operation, a usage key) is escaped
 * in the page.
 */
class FleetFiguresAsJsonTest {

    static final String FLEET_TOKEN = "ceip-fleet-demo-token-0123";

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-requests-per-second", "0"));

    @BeforeAll
    static void feed() throws Exception {
        SimulatedFleet.feed(collector);
    }

    @Test
    void everyFigureIsWhatTheSimulatedFleetSent() throws Exception {
        FleetFigures.assertEveryFigureIsTheSimulatedFleet(collector);
    }

    @Test
    void theQuarantineOfASingleNodeIsEmptyUnderTheDefaultBound() throws Exception {
        HttpResponse<String> quarantine = collector.post(HttpRequest.newBuilder(collector.uri(
                "/v1/fleet/quarantine.json")).GET().header("Authorization", "Bearer " + FLEET_TOKEN));

        assertThat(quarantine.statusCode()).isEqualTo(200);
        assertThat(quarantine.body())
                .isEqualTo("{\"figure\":\"quarantine\",\"records\":0,\"oldest\":null,\"bound\":1000,\"full\":false}");
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
        assertThat(page.body()).doesNotContain(SimulatedFleet.MARKUP_OS).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain(SimulatedFleet.MARKUP_FEATURE, SimulatedFleet.MARKUP_EXCEPTION,
                        SimulatedFleet.MARKUP_OPERATION, "<script", "<img", "<b>")
                .contains("&lt;img src=x onerror=alert(2)&gt;", "&lt;/code&gt;&lt;/td&gt;&lt;b&gt;Boom&lt;/b&gt;&amp;amp;",
                        "&lt;/svg&gt;&lt;script&gt;alert(3)&lt;/script&gt;",
                        "<td><code>&lt;img src=x onerror=alert(4)&gt;</code></td>",
                        "data-label=\"&lt;img src=x onerror=alert(4)&gt;\"");
    }
}
