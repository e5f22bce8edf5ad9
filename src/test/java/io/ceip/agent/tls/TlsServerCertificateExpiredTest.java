package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * A server certificate of a trusted CA that has expired (the server's certificate, or this machine's clock, is
 * wrong) is refused, and the line says why: it said the certificate was not trusted and sent the administrator to
 * ceip.endpoint.trust-store, which holds the right CA.
 */
class TlsServerCertificateExpiredTest extends TlsScenarioSupport {

    @Override
    protected TestCertificates serverCertificates() {
        Instant now = Instant.now();
        return CA.issueServer("localhost", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    @Test
    void anExpiredCertificateIsSaidToBeExpired() {
        assertRefused("the server's certificate has expired or is not yet valid (check the server's certificate and"
                + " this machine's clock)");
    }
}
