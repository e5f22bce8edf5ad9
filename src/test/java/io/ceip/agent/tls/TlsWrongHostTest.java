package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import org.junit.jupiter.api.Test;

class TlsWrongHostTest extends TlsScenarioSupport {

    private static final TestCertificates OTHER_HOST = CA.issueServer("collector.other.example");

    @Override
    protected TestCertificates serverCertificates() {
        return OTHER_HOST;
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() {
        assertRefused("the server's certificate does not match its host name");
    }
}
