package io.ceip.agent.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * Public-key pinning on top of normal certificate validation: the server's chain must first be trusted by the
 * delegate, then one of its certificates must have a public key whose SHA-256 is one of the pins
 * ({@code sha256/<base64>}, as {@code openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst
 * -sha256 -binary | base64} prints it). A chain without a pinned key is refused.
 */
public final class PinningTrustManager implements X509TrustManager {

    private final X509TrustManager delegate;
    private final Set<String> pins;

    public PinningTrustManager(X509TrustManager delegate, Set<String> pins) {
        this.delegate = delegate;
        this.pins = Set.copyOf(pins);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        for (X509Certificate certificate : chain) {
            if (pins.contains(pin(certificate))) {
                return;
            }
        }
        throw new CertificateException("certificate pin mismatch: no key of the server's chain is in ceip.endpoint.pins");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** The pin of one certificate's public key. */
    public static String pin(X509Certificate certificate) {
        try {
            return "sha256/" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
