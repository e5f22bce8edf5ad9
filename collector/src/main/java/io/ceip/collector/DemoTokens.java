package io.ceip.collector;

import io.ceip.collector.intake.ProductTokens;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's tokens are printed in the READMEs: anyone may know them. A node listening on a loopback address (the
 * demo, a first try) says once at start which of them it still takes; a node listening beyond this machine
 * refuses to start with them, so a vendor cannot put a collector on the network whose fleet view or intake opens to
 * a public token. A node on loopback set up as behind a proxy (README, "Its certificate": the limits per client
 * address off, since every client comes from the proxy's address) is reachable beyond this machine through the proxy,
 * and refuses them too.
 */
final class DemoTokens {

    /** The demo product's token in config/tokens.properties. */
    static final String PRODUCT = "ceip-demo-token-0123456789";
    /** The fleet view's token of the embedded defaults. */
    static final String FLEET = "ceip-fleet-demo-token-0123";

    /** The limits per client address that the set-up behind a proxy turns off (README, "Its certificate"). */
    static final List<String> PROXY_SET_UP = List.of("collector.intake.max-requests-in-progress-per-address",
            "collector.intake.max-connections-per-address");

    private static final Logger LOG = LoggerFactory.getLogger(DemoTokens.class);

    private DemoTokens() {
    }

    /**
     * @param behindProxy whether the node is set up as behind a proxy ({@link #PROXY_SET_UP} all 0)
     * @throws IllegalArgumentException naming the setting, when {@code host} is not a loopback address or the node
     *                                  is behind a proxy, and a public token is in use
     */
    static void check(String host, boolean behindProxy, ProductTokens tokens, String fleetToken) {
        Optional<String> product = tokens.product("Bearer " + PRODUCT);
        boolean fleet = FLEET.equals(fleetToken);
        if (product.isEmpty() && !fleet) {
            return;
        }
        String named = "the token of product '" + product.orElse("") + "' (collector.tokens-file)";
        String which = fleet && product.isPresent()
                ? "collector.fleet.token and " + named + " are the demo's public tokens"
                : (fleet ? "collector.fleet.token" : named) + " is the demo's public token";
        String fix = (fleet ? "set collector.fleet.token (or CEIP_COLLECTOR_FLEET_TOKEN)" : "")
                + (fleet && product.isPresent() ? "; " : "")
                + (product.isPresent() ? "give that product its own token, or remove it" : "");
        if (!loopback(host)) {
            throw new IllegalArgumentException(which + ", and collector.host " + host + " is not a loopback address: "
                    + fix);
        }
        if (behindProxy) {
            throw new IllegalArgumentException(which + ", and " + String.join(" and ", PROXY_SET_UP) + " are 0 (the"
                    + " set-up behind a proxy, which opens the node to the proxy's clients): " + fix);
        }
        LOG.info("{}: fine on this machine only (collector.host {}); before it listens beyond it, {}",
                which, host, fix);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
