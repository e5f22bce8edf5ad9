package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A collector taking two products: the same version number of each is its own value of the product versions. */
class FleetFiguresKeepProductsApartTest {

    static final String OTHER_TOKEN = "other-product-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void theSameVersionOfTwoProductsIsCountedPerProduct() throws Exception {
        Path tokens = dir.resolve("tokens.properties");
        Files.writeString(tokens, "demo.product=" + Reports.PRODUCT + "\ndemo.token=" + Reports.TOKEN
                + "\nother.product=Other Product\nother.token=" + OTHER_TOKEN + "\n");
        try (TestCollector collector = TestCollector.start(dir.resolve("node"), Map.of("collector.tokens-file",
                tokens.toString()))) {
            for (int i = 0; i < 2; i++) {
                assertThat(collector.post(Reports.utf8(Reports.any()), true).statusCode()).isEqualTo(202);
            }
            String other = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "basic",
                    "Other Product", "1.0.0", "Linux", "17.0.15", "H2");
            assertThat(collector.post(HttpRequest.newBuilder(collector.reports())
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + OTHER_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.utf8(other)))).statusCode()).isEqualTo(202);

            assertThat(FleetFigures.counts(collector, "product-versions"))
                    .isEqualTo(Map.of(Reports.PRODUCT + " 1.0.0", 2L, "Other Product 1.0.0", 1L));
        }
    }
}
