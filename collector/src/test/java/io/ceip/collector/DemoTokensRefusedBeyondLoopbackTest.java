package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.ceip.collector.intake.ProductTokens;
import io.ceip.collector.support.TestCollector;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The demo's tokens are public (printed in the READMEs): a node listening beyond loopback refuses them with one line
 * naming each and its fix, and so does a node on loopback set up as behind a proxy (a proxy on the same machine, review
 * s21 collector L6); on loopback they are taken; a node with its own tokens starts anywhere.
 */
class DemoTokensRefusedBeyondLoopbackTest {

    static final ProductTokens DEMO = ProductTokens.of(Map.of("Demo Monitoring", DemoTokens.PRODUCT));
    static final ProductTokens OWN = ProductTokens.of(Map.of("Vendor Product", "vendor-own-token-0123456789"));
    static final String OWN_FLEET = "vendor-own-fleet-token-0123";

    @Test
    void beyondLoopbackEachPublicTokenIsNamedWithItsFix() {
        assertThatIllegalArgumentException().isThrownBy(() -> DemoTokens.check("0.0.0.0", false, DEMO, DemoTokens.FLEET))
                .withMessage("collector.fleet.token and the token of product 'Demo Monitoring' (collector.tokens-file)"
                        + " are the demo's public tokens, and collector.host 0.0.0.0 is not a loopback address: set"
                        + " collector.fleet.token (or CEIP_COLLECTOR_FLEET_TOKEN); give that product its own token, or"
                        + " remove it");
        assertThatIllegalArgumentException().isThrownBy(() -> DemoTokens.check("0.0.0.0", false, OWN, DemoTokens.FLEET))
                .withMessage("collector.fleet.token is the demo's public token, and collector.host 0.0.0.0 is not a"
                        + " loopback address: set collector.fleet.token (or CEIP_COLLECTOR_FLEET_TOKEN)");
        ProductTokens both = ProductTokens.of(Map.of("Vendor Product", "vendor-own-token-0123456789",
                "Demo Monitoring", DemoTokens.PRODUCT));
        assertThatIllegalArgumentException().isThrownBy(() -> DemoTokens.check("192.0.2.7", false, both, OWN_FLEET))
                .withMessageStartingWith("the token of product 'Demo Monitoring' (collector.tokens-file) is the demo's"
                        + " public token, and collector.host 192.0.2.7");
    }

    @Test
    void onLoopbackBehindAProxyThePublicTokensAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> DemoTokens.check("localhost", true, DEMO,
                DemoTokens.FLEET)).withMessage("collector.fleet.token and the token of product 'Demo Monitoring'"
                + " (collector.tokens-file) are the demo's public tokens, and"
                + " collector.intake.max-requests-in-progress-per-address and"
                + " collector.intake.max-connections-per-address are 0 (the set-up behind a proxy, which opens the"
                + " node to the proxy's clients): set collector.fleet.token (or CEIP_COLLECTOR_FLEET_TOKEN); give that"
                + " product its own token, or remove it");
        assertThatNoException().isThrownBy(() -> DemoTokens.check("127.0.0.1", true, OWN, OWN_FLEET));
    }

    @Test
    void theReadmesProxySetUpIsBehindAProxy() throws Exception {
        Map<String, String> proxied = Map.of("collector.host", "127.0.0.1", "collector.intake.max-requests-per-second", "0",
                "collector.intake.max-requests-in-progress-per-address", "0",
                "collector.intake.max-connections-per-address", "0", "collector.port",
                Integer.toString(TestCollector.freePort()));

        assertThatIllegalArgumentException().isThrownBy(() -> Collector.create(proxied))
                .withMessageStartingWith("collector.fleet.token and the token of product 'Demo Monitoring'")
                .withMessageContaining("the set-up behind a proxy");
    }

    @Test
    void onLoopbackOrWithItsOwnTokensANodeStarts() throws Exception {
        for (String host : new String[] {"localhost", "127.0.0.1", "::1"}) {
            assertThatNoException().isThrownBy(() -> DemoTokens.check(host, false, DEMO, DemoTokens.FLEET));
        }
        assertThatNoException().isThrownBy(() -> DemoTokens.check("0.0.0.0", false, OWN, OWN_FLEET));
        assertThat(DemoTokens.FLEET).as("the embedded default").isEqualTo(CollectorSettings.load(Map.of())
                .get("collector.fleet.token"));
    }
}
