package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.ceip.collector.intake.ProductTokens;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The demo's tokens are public (printed in the READMEs): a node listening beyond loopback refuses them with one line
 * naming each and its fix; on loopback they are taken; a node with its own tokens starts anywhere.
 */
class DemoTokensRefusedBeyondLoopbackTest {

    static final ProductTokens DEMO = ProductTokens.of(Map.of("Demo Monitoring", DemoTokens.PRODUCT));
    static final ProductTokens OWN = ProductTokens.of(Map.of("Vendor Product", "vendor-own-token-0123456789"));
    static final String OWN_FLEET = "vendor-own-fleet-token-0123";

    @Test
    void beyondLoopbackEachPublicTokenIsNamedWithItsFix() {
        assertThatIllegalArgumentException().isThrownBy(() -> DemoTokens.check("0.0.0.0", DEMO, DemoTokens.FLEET))
                .withMessage("collector.fleet.token and the token of product 'Demo Monitoring' (collector.tokens-file)"
                        + " are the demo's public tokens, and collector.host 0.0.0.0 is not a loopback address: set"
                        + " collector.fleet.token (or CEIP_COLLECTOR_FLEET_TOKEN); give that product its own token, or"
                        + " remove it");
        assertThatIllegalArgumentException().isThrownBy(() -> DemoTokens.check("0.0.0.0", OWN, DemoTokens.FLEET))
                .withMessage("collector.fleet.token is the demo's public token, and collector.host 0.0.0.0 is not a"
                        + " loopback address: set collector.fleet.token (or CEIP_COLLECTOR_FLEET_TOKEN)");
        ProductTokens both = ProductTokens.of(Map.of("Vendor Product", "vendor-own-token-0123456789",
                "Demo Monitoring", DemoTokens.PRODUCT));
        assertThatIllegalArgumentException().isThrownBy(() -> DemoTokens.check("192.0.2.7", both, OWN_FLEET))
                .withMessageStartingWith("the token of product 'Demo Monitoring' (collector.tokens-file) is the demo's"
                        + " public token, and collector.host 192.0.2.7");
    }

    @Test
    void onLoopbackOrWithItsOwnTokensANodeStarts() throws Exception {
        for (String host : new String[] {"localhost", "127.0.0.1", "::1"}) {
            assertThatNoException().isThrownBy(() -> DemoTokens.check(host, DEMO, DemoTokens.FLEET));
        }
        assertThatNoException().isThrownBy(() -> DemoTokens.check("0.0.0.0", OWN, OWN_FLEET));
        assertThat(DemoTokens.FLEET).as("the embedded default").isEqualTo(CollectorSettings.load(Map.of())
                .get("collector.fleet.token"));
    }
}
