package io.ceip.collector;

import io.ceip.collector.intake.ProductTokens;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's tokens are printed in the READMEs: anyone may know them. A node listening on a loopback address (the
 * demo, a first try) says once at start which of them it still takes; a node listening beyond this machine
 * refuses to start with them, so a vendor cannot put a collector on the network whose fleet view or intake opens to
 * a public token.
 */
final class DemoTokens {

    /** The demo product's token in config/tokens.properties. */
    static final String PRODUCT = "ceip-demo-token-0123456789";
    /** The fleet view's token of the embedded defaults. */
    static final String FLEET = "ceip-fleet-demo-token-0123";

    private static final Logger LOG = LoggerFactory.getLogger(DemoTokens.class);

    private DemoTokens() {
    }

    /**
     * @throws IllegalArgumentException naming the setting, when {@code host} is not a loopback address and a public
     *                                  token is in use
     */
    static void check(String host, ProductTokens tokens, String fleetToken) {
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
