package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import org.junit.jupiter.api.Test;

class TlsUntrustedCertificateTest extends TlsScenarioSupport {

    private static final TestCertificates ROGUE = TestCertificates.ca("rogue CA").issueServer("localhost");

    @Override
    protected TestCertificates serverCertificates() {
        return ROGUE;
    }

    @Test
    void aCertificateOfAnotherCaIsRefused() {
        assertRefused("the server's certificate is not trusted");
    }
}
