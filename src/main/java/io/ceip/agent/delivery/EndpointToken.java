package io.ceip.agent.delivery;

/**
 * The collector's bearer token ({@code ceip.endpoint.token}, a secret; empty by default: no token), for the
 * {@code Authorization} header of each request. The route asks for the header's value; the token is never in a route
 * definition, a log line, an exception, a dead letter or a preview (only the request carries it).
 */
public final class EndpointToken {

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
    public String toString() {
        return token.isEmpty() ? "no token" : "a token (not shown)";
    }
}
