package io.ceip.agent.delivery;

/** Names the reason a TLS handshake with the endpoint was refused, for the line that ends a failed delivery. */
final class TlsRefusal {

    private TlsRefusal() {
    }

    /** Why a TLS handshake was refused, in words an administrator can act on (no certificate content). */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.contains("certificate pin mismatch")) {
                return "certificate pin mismatch (ceip.endpoint.pins)";
            }
            if (t instanceof java.security.cert.CertPathBuilderException || message.contains("PKIX")) {
                return "the server's certificate is not trusted (ceip.endpoint.trust-store)";
            }
            if (t instanceof javax.net.ssl.SSLPeerUnverifiedException || message.contains("subject alternative")) {
                return "the server's certificate does not match its host name";
            }
            if (message.contains("certificate_required") || message.contains("bad_certificate")) {
                return "the server requires a client certificate (ceip.endpoint.key-store)";
            }
        }
        return "handshake failed (" + failure.getClass().getSimpleName() + ")";
    }
}
