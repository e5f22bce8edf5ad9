package io.ceip.agent.delivery;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.net.NamedEndpoint;

/**
 * What an administrator can act on when an attempt failed without an HTTP status, for the line that ends a failed
 * delivery and the answer of {@code ceip-agent send}: where the agent could not connect and the setting to check
 * ({@code cannot connect to localhost:18443: connection refused (check ceip.endpoint.url)}), or why TLS was refused.
 * Never certificate content, a collector's answer or an exception's message beyond a host name of the form below.
 */
final class FailureHint {

    /** A host name, an IPv4 or a bracketed IPv6 literal, as a URL holds it: anything else is not shown. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    private FailureHint() {
    }

    /** The hint for {@code failure} at {@code to}, then {@code stopped} (why retries ended early) when not null. */
    static String of(Throwable failure, Destination to, String stopped) {
        String hint = of(failure, to);
        return stopped == null ? hint : hint.isEmpty() ? stopped : hint + "; " + stopped;
    }

    /** The hint for {@code failure} at {@code to}, or empty when there is none. */
    static String of(Throwable failure, Destination to) {
        String prefix = Destination.VENDOR.equals(to.name()) ? "ceip.endpoint." : "ceip.customer-endpoint.";
        String url = prefix + "url";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProxyRefusedException refused) {
                return refused.hint();
            }
            if (t instanceof RequestDeadlineException) {
                return t.getMessage();
            }
            if (t instanceof AnswerNotHttpException notHttp) {
                return notHttp.hint(url);
            }
            if (t instanceof SSLException) {
                return "TLS refused: " + tlsReason(failure, prefix);
            }
            if (t instanceof ConnectTimeoutException timeout) {
                return "no connection to " + where(timeout.getHost()) + " within ceip.endpoint.connect-timeout";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer within ceip.endpoint.response-timeout";
            }
            if (t instanceof BoundedDnsResolver.NameNotResolvedException late) {
                return late.hint(host -> HOST.matcher(host).matches());
            }
            if (t instanceof UnknownHostException) {
                String host = t.getMessage() == null ? "" : t.getMessage().split(":", 2)[0].trim();
                return "unknown host" + (HOST.matcher(host).matches() ? " " + host : "") + " (check "
                        + setting(host, to, url) + ")";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                NamedEndpoint host = t instanceof HttpHostConnectException connect ? connect.getHost() : null;
                return "cannot connect to " + where(host) + ": " + (t instanceof NoRouteToHostException
                        || t.getCause() instanceof NoRouteToHostException ? "no route to it" : "connection refused")
                        + " (check " + setting(host == null ? "" : host.getHostName(), to, url) + ")";
            }
        }
        return "";
    }

    /** The setting to check: the proxy's when {@code host} is known and not the endpoint's (so it is the proxy's). */
    private static String setting(String host, Destination to, String url) {
        String endpointHost = java.net.URI.create(to.sendUri()).getHost();
        return host != null && HOST.matcher(host).matches() && endpointHost != null
                && !endpointHost.equalsIgnoreCase(host)
                ? "ceip.proxy.host and ceip.proxy.port" : url;
    }

    /** {@code host:port} when the endpoint is known and of a host's form, else {@code the endpoint}. */
    private static String where(NamedEndpoint endpoint) {
        String host = endpoint == null ? "" : endpoint.getHostName();
        return host != null && HOST.matcher(host).matches() ? host + (endpoint.getPort() > 0 ? ":" + endpoint.getPort()
                : "") : "the endpoint";
    }

    /** Why a TLS handshake was refused, in words an administrator can act on (no certificate content). */
    private static String tlsReason(Throwable failure, String prefix) {
        for (Throwable t = failure; t != null; t = t.getCause()) { // first: the PKIX failure above wraps it
            if (t instanceof java.security.cert.CertificateExpiredException
                    || t instanceof java.security.cert.CertificateNotYetValidException) {
                return "the server's certificate has expired or is not yet valid (check the server's certificate and"
                        + " this machine's clock)";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.contains("certificate pin mismatch")) {
                return "certificate pin mismatch (" + prefix + "pins)";
            }
            if (t instanceof java.security.cert.CertPathBuilderException || message.contains("PKIX")) {
                return "the server's certificate is not trusted (" + prefix + "trust-store)";
            }
            if (message.equals(HostNameCheck.NO_ALTERNATIVE_NAME)) {
                return "the server's certificate names its host in its common name only, which is not read: issue it"
                        + " with the host in its subject alternative names";
            }
            if (t instanceof javax.net.ssl.SSLPeerUnverifiedException || message.contains("subject alternative")) {
                return "the server's certificate does not match its host name";
            }
            if (message.contains("certificate_required") || message.contains("bad_certificate")) {
                return "the server requires a client certificate (" + prefix + "key-store)";
            }
            if (message.contains("protocol_version") || message.contains("protocol version")) {
                return "the server offers neither TLS 1.3 nor TLS 1.2 (the only versions the agent speaks)";
            }
            if (message.contains("handshake_failure")) {
                return "the server shares no cipher suite with the agent (TLS 1.3, or TLS 1.2 with ECDHE and AES-GCM or"
                        + " ChaCha20-Poly1305) or no other handshake parameter (handshake_failure)";
            }
        }
        return "handshake failed (" + failure.getClass().getSimpleName() + ")";
    }
}
