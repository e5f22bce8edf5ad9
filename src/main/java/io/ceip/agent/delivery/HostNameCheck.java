package io.ceip.agent.delivery;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.apache.hc.client5.http.psl.DomainType;
import org.apache.hc.client5.http.psl.PublicSuffixMatcher;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;

/**
 * The report client's host name check: Apache HttpClient's {@link DefaultHostnameVerifier} (the host among the
 * certificate's DNS names or addresses, a wildcard for one label only), and no certificate holding a wildcard name over
 * a public suffix of the ICANN section of the list ({@code *.com}, {@code *.co.uk}; a single label the list does not
 * know, {@code *.lan}, counts as one; the common name when it has no DNS name): HttpClient's verifier, with or without
 * the public suffix list, matched such a name to every host under it. No CA may issue one; a mis-issued one is refused
 * as browsers refuse it. A wildcard over a suffix of the list's private section stays valid, as in browsers: a platform's
 * own certificate for its hosted names ({@code *.azurewebsites.net}, {@code *.herokuapp.com}, {@code *.github.io}), where
 * a vendor may run its collector.
 */
public final class HostNameCheck implements HostnameVerifier {

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

    /** As {@link DefaultHostnameVerifier#verify(String, X509Certificate)}: an {@link SSLException} when refused. */
    void verify(String host, X509Certificate certificate) throws SSLException {
        names.verify(host, certificate);
        for (String name : dnsNames(certificate)) {
            if (name.startsWith("*.") && suffixes.getDomainRoot(name.substring(2), DomainType.ICANN) == null) {
                throw new SSLPeerUnverifiedException("Certificate for <" + host + "> holds a wildcard name over a"
                        + " public suffix");
            }
        }
    }

    /** The certificate's DNS names, or its common names when it has none (as the host name check reads it). */
    private static List<String> dnsNames(X509Certificate certificate) throws SSLException {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            for (List<?> alternative : alternatives == null ? List.<List<?>>of() : alternatives) {
                if (Integer.valueOf(2).equals(alternative.get(0)) && alternative.get(1) instanceof String name) {
                    names.add(name);
                }
            }
            if (names.isEmpty()) {
                for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                    if ("CN".equalsIgnoreCase(rdn.getType()) && rdn.getValue() instanceof String name) {
                        names.add(name);
                    }
                }
            }
        } catch (CertificateParsingException | InvalidNameException e) {
            throw new SSLPeerUnverifiedException("Certificate names cannot be read");
        }
        return names;
    }
}
