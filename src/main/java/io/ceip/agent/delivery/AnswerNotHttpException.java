package io.ceip.agent.delivery;

import org.apache.hc.core5.http.ProtocolException;

/**
 * An answer HTTP/1.1 cannot parse (a status or header line, a chunk's framing), the endpoint's or, on an https route
 * through a proxy before any TLS, the proxy's answer to {@code CONNECT}. Its message names the kind of error only,
 * never the line refused (HttpClient's own error quoted it: up to 8 KiB of the server's text). HttpClient hands it on
 * wrapped in an I/O error: retried, then kept pending ({@link AnswerLimit}).
 */
public final class AnswerNotHttpException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    private final boolean proxy;

    AnswerNotHttpException(boolean proxy, Exception refused) {
        super((proxy ? "the proxy's answer to CONNECT" : "the endpoint's answer") + " is not valid HTTP/1.1 ("
                + refused.getClass().getSimpleName() + ")");
        this.proxy = proxy;
    }

    /** What to check: the proxy's address, or {@code url} (the destination's URL setting). */
    String hint(String url) {
        return getMessage() + " (check " + (proxy ? "ceip.proxy.host and ceip.proxy.port" : url) + ")";
    }
}
