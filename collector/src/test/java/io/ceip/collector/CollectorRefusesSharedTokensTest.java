package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token opens one door (review s17 finding 8): a fleet token equal to a product token (which ships in every agent
 * of that product) would let every agent open the fleet view, and two products sharing a token would count one's
 * reports as the other's. Either stops the start with one line naming the setting, never the token.
 */
class CollectorRefusesSharedTokensTest {

    static final String SHARED = "a-token-two-products-share-0123";

    @TempDir
    Path dir;

    @Test
    void aFleetTokenEqualToAProductTokenStopsTheStart() {
        assertThatThrownBy(() -> TestCollector.start(dir, Map.of("collector.fleet.token", Reports.TOKEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("collector.fleet.token: the same as the token of product 'Demo Monitoring'")
                .hasMessageNotContaining(Reports.TOKEN).message().doesNotContain("\n");
    }

    @Test
    void twoProductsWithOneTokenStopTheStart() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.properties"), "one.product=Product One\none.token="
                + SHARED + "\ntwo.product=Product Two\ntwo.token=" + SHARED + "\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TestCollector.start(dir, Map.of("collector.tokens-file", tokens.toString(),
                "collector.fleet.token", "a-fleet-token-of-its-own-0123")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("collector.tokens-file: " + tokens + ": product ids 'one' and 'two' have the"
                        + " same token")
                .hasMessageNotContaining(SHARED).message().doesNotContain("\n");
    }
}
