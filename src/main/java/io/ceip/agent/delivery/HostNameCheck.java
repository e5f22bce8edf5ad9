package io.ceip.agent.delivery;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.apache.hc.client5.http.psl.DomainType;
import org.apache.hc.client5.http.psl.PublicSuffixMatcher;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HttpClientHostnameVerifier;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The report client's host name check: Apache HttpClient's {@link DefaultHostnameVerifier} (the host among the
 * certificate's DNS names or addresses, a wildcard for one label only), and no certificate holding a wildcard name over
 * a public suffix of the ICANN section of the list ({@code *.com}, {@code *.co.uk}; a single label the list does not
 * know, {@code *.lan}, counts as one): HttpClient's verifier, with or without
 * the public suffix list, matched such a name to every host under it. No CA may issue one; a mis-issued one is refused
 * as browsers refuse it. A wildcard over a suffix of the list's private section stays valid, as in browsers: a platform's
 * own certificate for its hosted names ({@code *.azurewebsites.net}, {@code *.herokuapp.com}, {@code *.github.io}), where
 * a vendor may run its collector. The wildcard may be anywhere in the first label ({@code e*.com} matched every host
 * of {@code .com} starting with {@code e}), and a bare {@code *} (every single-label host, {@code localhost} too) is
 * refused as well, as is a wildcard in any other label ({@code foo.*} matched {@code foo.com}, {@code foo.*.com}
 * {@code foo.evil.com}: RFC 6125 allows it in the first label only). A certificate that names no DNS name in its subject alternative names is refused for a host name,
 * one that names no address for an address: HttpClient's verifier then matched the host to its common name (also when
 * the certificate named only an address), which RFC 9525 forbids, browsers refuse (since 2017; the collector's fleet
 * view would not open under it either).
 */
public final class HostNameCheck implements HttpClientHostnameVerifier {

    /** The refusal's message of a certificate without a name of the host's kind ({@link FailureHint} reads it). */
    static final String NO_ALTERNATIVE_NAME = "Certificate names no subject alternative name: its common name is not"
            + " read (RFC 9525)";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final PublicSuffixMatcher suffixes = PublicSuffixMatcherLoader.getDefault();
    private final DefaultHostnameVerifier names = new DefaultHostnameVerifier(suffixes);

    @Override
    public boolean verify(String host, SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return false;
            }
            verify(host, leaf);
            return true;
        } catch (SSLException e) {
            return false;
        }
    }

    /**
     * As {@link DefaultHostnameVerifier#verify(String, X509Certificate)}: an {@link SSLException} when refused, which
     * HttpClient passes on (as an {@link HttpClientHostnameVerifier}) so that the failure line can say why.
     */
    @Override
    public void verify(String host, X509Certificate certificate) throws SSLException {
        List<String> dnsNames = new ArrayList<>();
        boolean addresses = false;
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            for (List<?> alternative : alternatives == null ? List.<List<?>>of() : alternatives) {
                if (Integer.valueOf(DNS_NAME).equals(alternative.get(0)) && alternative.get(1) instanceof String name) {
                    dnsNames.add(name);
                }
                addresses |= Integer.valueOf(IP_ADDRESS).equals(alternative.get(0));
            }
        } catch (CertificateParsingException e) {
            throw new SSLPeerUnverifiedException("Certificate names cannot be read");
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean hostIsAddress = InetAddressUtils.isIPv4(literal) || InetAddressUtils.isIPv6(literal);
        if (hostIsAddress ? !addresses : dnsNames.isEmpty()) { // HttpClient then reads the common name
            throw new SSLPeerUnverifiedException(NO_ALTERNATIVE_NAME);
        }
        names.verify(host, certificate);
        for (String name : dnsNames) {
            int dot = name.indexOf('.');
            if (dot >= 0 && name.indexOf('*', dot) >= 0) { // foo.* matched foo.com, foo.*.com foo.evil.com
                throw new SSLPeerUnverifiedException("Certificate for <" + host + "> holds a wildcard outside the"
                        + " first label of a name");
            }
            if (name.substring(0, dot < 0 ? name.length() : dot).contains("*") && (dot < 0
                    || suffixes.getDomainRoot(name.substring(dot + 1), DomainType.ICANN) == null)) {
                throw new SSLPeerUnverifiedException("Certificate for <" + host + "> holds a wildcard name over a"
                        + " public suffix");
            }
        }
    }
}
