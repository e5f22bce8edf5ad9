package io.ceip.agent.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Public-key pinning on top of normal certificate validation. The server's chain is first validated by the delegate
 * (the JDK's PKIX trust manager, with its socket- and engine-aware checks), then the agent rebuilds the path that
 * chain validates along: from the server's own certificate (the first sent), through the certificates it sent, up
 * to one of the delegate's trust anchors, with the JDK's {@link CertPathBuilder} ("PKIX"). One key of that path or
 * of its trust anchor must have a SHA-256 that is one of the pins ({@code sha256/<base64>}, as
 * {@code openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64} prints
 * it). A pinned certificate that the server sends beside its chain, but that the chain does not pass through, does
 * not count. A chain without a pinned key is refused.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final Set<TrustAnchor> anchors;
    private final Set<String> pins;

    /** {@code delegate} validates; its accepted issuers are the trust anchors of the rebuilt path. */
    public PinningTrustManager(X509ExtendedTrustManager delegate, Set<String> pins) {
        this.delegate = delegate;
        this.pins = Set.copyOf(pins);
        Set<TrustAnchor> trusted = new HashSet<>();
        for (X509Certificate issuer : delegate.getAcceptedIssuers()) {
            trusted.add(new TrustAnchor(issuer, null));
        }
        this.anchors = Set.copyOf(trusted);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        checkPins(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        checkPins(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        checkPins(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private void checkPins(X509Certificate[] chain) throws CertificateException {
        for (X509Certificate certificate : validatedPath(chain)) {
            if (pins.contains(pin(certificate))) {
                return;
            }
        }
        throw new CertificateException("certificate pin mismatch: no key of the validated chain (server certificate"
                + " to trust anchor) is in ceip.endpoint.pins");
    }

    /**
     * The certificates from the server's certificate ({@code chain[0]}) to its trust anchor, built by PKIX from the
     * sent certificates and the delegate's anchors (revocation is the delegate's business). A server certificate
     * that is itself a trust anchor is its own path.
     */
    List<X509Certificate> validatedPath(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("certificate pin mismatch: the server sent no certificate");
        }
        for (TrustAnchor anchor : anchors) {
            if (anchor.getTrustedCert().equals(chain[0])) {
                return List.of(chain[0]);
            }
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain[0]);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(Arrays.asList(chain))));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX")
                    .build(parameters);
            List<X509Certificate> path = new ArrayList<>();
            for (Certificate certificate : result.getCertPath().getCertificates()) {
                path.add((X509Certificate) certificate);
            }
            path.add(result.getTrustAnchor().getTrustedCert());
            return path;
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate pin mismatch: the validated chain cannot be rebuilt ("
                    + e.getClass().getSimpleName() + ")", e);
        }
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
