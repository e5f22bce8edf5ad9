package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import org.junit.jupiter.api.Test;

/**
 * A server certificate of a trusted CA whose only name is a bare wildcard ({@code *}): Apache HttpClient's verifier
 * matched it to every single-label host ({@code localhost}, an intranet's {@code collector}), and the report was
 * delivered; the refusal of wildcards over a public suffix looked only at names starting {@code *.}. Now refused.
 */
class TlsServerCertificateOfABareWildcardTest extends TlsScenarioSupport {

    @Override
    protected TestCertificates serverCertificates() {
        return CA.issueServerNaming("localhost", "*");
    }

    @Test
    void aBareWildcardIsRefused() {
        assertRefused("the server's certificate does not match its host name");
    }
}
