package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import org.junit.jupiter.api.Test;

/**
 * A server certificate of a trusted CA that names its host in its common name only ({@code CN=localhost}, no subject
 * alternative name) is refused, as browsers refuse it since 2017 and RFC 9525 says: Apache HttpClient's verifier
 * matched the host to the common name and the report was delivered (a vendor's newcomer run, 2026-12-07: the agent
 * took a certificate the fleet view's browser would not). The line says what to reissue.
 */
class TlsServerCertificateWithCommonNameOnlyTest extends TlsScenarioSupport {

    @Override
    protected TestCertificates serverCertificates() {
        return CA.issueServerWithCommonNameOnly("localhost");
    }

    @Test
    void aCertificateWithoutSubjectAlternativeNamesIsRefusedSayingWhy() {
        assertRefused("the server's certificate names its host in its common name only, which is not read: issue it"
                + " with the host in its subject alternative names");
    }
}
