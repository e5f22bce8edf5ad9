package io.ceip.agent.delivery;

import java.io.IOException;

/**
 * The HTTP proxy did not open the tunnel to the endpoint: it answered {@code CONNECT} with {@code HTTP <status>}
 * other than 200 (HttpClient 5 then hands that answer back as the request's final one, no TLS session made). An I/O
 * failure, never an answer of the endpoint: the delivery-errors route retries it and keeps the report pending
 * ({@link ProxyTunnelCheck}). The message holds the status only, never the proxy's answer.
 */
public class ProxyRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ProxyRefusedException(int status) {
        super("the proxy did not open the tunnel: HTTP " + status);
        this.status = status;
    }

    /** The refusal for the proxy's {@code status}: a 407 is the credentials' ({@link ProxyCredentialsRefusedException}). */
    static ProxyRefusedException of(int status) {
        return status == 407 ? new ProxyCredentialsRefusedException() : new ProxyRefusedException(status);
    }

    /** The proxy's status (407, 403, 502, even a 2xx). */
    public int status() {
        return status;
    }

    /** What to check: the proxy's credentials for a 407, else the proxy and its policy. */
    String hint() {
        return "the proxy refused the tunnel: HTTP " + status + (status == 407
                ? " (check ceip.proxy.user and ceip.proxy.password)"
                : " (check ceip.proxy.host and ceip.proxy.port, and that the proxy lets the agent reach the endpoint)");
    }
}
