package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import org.junit.jupiter.api.Test;

/**
 * A server certificate of a trusted CA for {@code https://localhost:…} that names the host in its common name and
 * only an address ({@code 127.0.0.1}) in its subject alternative names: Apache HttpClient's verifier, finding no DNS
 * name, matched the host to the common name, and the report was delivered; the refusal of common-name-only
 * certificates (c8aa2de) let it through because the certificate named an address. Now refused with the same line.
 */
class TlsServerCertificateNamingOnlyAnAddressTest extends TlsScenarioSupport {

    @Override
    protected TestCertificates serverCertificates() {
        return CA.issueServerNaming("localhost", "ip:127.0.0.1");
    }

    @Test
    void aHostFoundOnlyInTheCommonNameIsRefusedSayingWhy() {
        assertRefused("the server's certificate names its host in its common name only, which is not read: issue it"
                + " with the host in its subject alternative names");
    }
}
