package io.ceip.agent.delivery;

/**
 * The HTTP proxy answered {@code CONNECT} with {@code 407}: it refused the agent's credentials
 * ({@code ceip.proxy.user}, {@code ceip.proxy.password}) or wants some the agent does not have. The delivery-errors
 * route does not retry it within the delivery (as it does other refusals of the proxy): the same credentials would be
 * refused again, and each refused attempt counts against the proxy account, which a corporate directory may lock
 * after a few. The report stays pending for the next cycle or replay.
 */
public final class ProxyCredentialsRefusedException extends ProxyRefusedException {

    private static final long serialVersionUID = 1L;

    ProxyCredentialsRefusedException() {
        super(407);
    }
}
