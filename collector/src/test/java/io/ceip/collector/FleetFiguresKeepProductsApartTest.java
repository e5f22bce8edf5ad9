package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector taking two products: each product version is counted per product and version, the two apart. The same
 * version number of each is two values; a version of product {@code Demo} that reads as another product's
 * ({@code "Monitoring 1.0.0"}) is not counted as {@code Demo Monitoring 1.0.0}, and a missing version is null, not the
 * text {@code unknown} a report may send (a key {@code name + ' ' + version} merged both).
 */
class FleetFiguresKeepProductsApartTest {

    static final String OTHER_TOKEN = "other-product-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void theSameVersionOfTwoProductsIsCountedPerProduct() throws Exception {
        try (TestCollector collector = start("Other Product")) {
            for (int i = 0; i < 2; i++) {
                assertThat(collector.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
            }
            send(collector, "Other Product", "\"1.0.0\"", OTHER_TOKEN);

            assertThat(FleetFigures.productVersions(collector)).isEqualTo(List.of(
                    List.of(Reports.PRODUCT, "1.0.0", 2L), List.of("Other Product", "1.0.0", 1L)));
        }
    }

    @Test
    void aVersionThatReadsAsAnotherProductsOrAsUnknownStaysItsOwn() throws Exception {
        try (TestCollector collector = start("Demo")) {
            for (int i = 0; i < 2; i++) {
                send(collector, Reports.PRODUCT, "\"1.0.0\"", Reports.TOKEN);
                send(collector, "Demo", "\"Monitoring 1.0.0\"", OTHER_TOKEN);
            }
            send(collector, Reports.PRODUCT, "null", Reports.TOKEN);
            send(collector, Reports.PRODUCT, "\"unknown\"", Reports.TOKEN);

            List<Object> missing = new ArrayList<>(Arrays.asList(Reports.PRODUCT, null, 1L));
            assertThat(FleetFigures.productVersions(collector)).isEqualTo(List.of(
                    List.of("Demo", "Monitoring 1.0.0", 2L), List.of(Reports.PRODUCT, "1.0.0", 2L),
                    List.of(Reports.PRODUCT, "unknown", 1L), missing));
            String page = collector.post(HttpRequest.newBuilder(collector.uri("/fleet")).GET()
                    .header("Authorization", "Bearer " + FleetFigures.FLEET_TOKEN)).body();
            assertThat(page).contains("data-product=\"Demo\" data-version=\"Monitoring 1.0.0\" data-value=\"2\"",
                    "data-product=\"Demo Monitoring\" data-version=\"1.0.0\" data-value=\"2\"",
                    "data-product=\"Demo Monitoring\" data-version=\"unknown\" data-value=\"1\"",
                    "data-product=\"Demo Monitoring\" data-value=\"1\"",
                    "Demo Monitoring · <tspan font-style=\"italic\">no version</tspan>");
        }
    }

    /** A node taking the demo product and {@code other}, whose token is {@link #OTHER_TOKEN}. */
    private TestCollector start(String other) throws Exception {
        Path tokens = dir.resolve("tokens.properties");
        TestCollector.tokensFile(tokens, "demo.product=" + Reports.PRODUCT + "\ndemo.token=" + Reports.TOKEN
                + "\nother.product=" + other + "\nother.token=" + OTHER_TOKEN + "\n");
        return TestCollector.start(dir.resolve("node"), Map.of("collector.tokens-file", tokens.toString(),
                "collector.intake.max-requests-per-second", "0"));
    }

    /** Sends a report of {@code product} whose {@code product.version} is the JSON {@code version}: 202. */
    private static void send(TestCollector collector, String product, String version, String token)
            throws Exception {
        String report = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "basic",
                product, "VERSION", "Linux", "17.0.15", "H2").replace("\"VERSION\"", version);
        assertThat(collector.post(HttpRequest.newBuilder(collector.reports())
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.utf8(report)))).statusCode()).isEqualTo(202);
    }
}
