package io.ceip.agent.delivery;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * The collector's bearer token ({@code ceip.endpoint.token} or {@code ceip.customer-endpoint.token}, a secret; empty
 * by default: no token), set as the {@code Authorization} header of each request by the destination's HTTP client
 * itself (a request interceptor of its component): the token is never on a Camel message, so Camel's tracer, message
 * history, backlog tracer or an error's exchange dump cannot show it; nor is it in a route definition, a log line, an
 * exception, a dead letter or a preview. A proxy's {@code CONNECT} request does not carry it.
 */
public final class EndpointToken implements HttpClientConfigurer {

    private final String token;

    public EndpointToken(String token) {
        this(token, "ceip.endpoint.token");
    }

    /** The token of setting {@code key} (named when the token is refused; the token itself never is). */
    public EndpointToken(String token, String key) {
        if (token.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException(key + " must be printable ASCII without spaces");
        }
        this.token = token;
    }

    /** {@code Bearer <token>}, or null when no token is set (the header is then not sent). */
    public String authorization() {
        return token.isEmpty() ? null : "Bearer " + token;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder client) {
        String authorization = authorization();
        if (authorization != null) {
            client.addRequestInterceptorLast((request, entity, context) ->
                    request.setHeader(HttpHeaders.AUTHORIZATION, authorization));
        }
    }

    @Override
    public String toString() {
        return token.isEmpty() ? "no token" : "a token (not shown)";
    }
}
