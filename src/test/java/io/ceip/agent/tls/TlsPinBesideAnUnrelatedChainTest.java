package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The pin is checked on the chain the agent validated, not on what the server sent: a server whose valid chain
 * (a certificate for localhost from a trusted CA) does not hold the pinned key, but that sends the pinned certificate
 * beside it, is refused. (Anyone can send the vendor's real certificate: it is public.)
 */
class TlsPinBesideAnUnrelatedChainTest extends TlsScenarioSupport {

    private static final TestCertificates PINNED = TestCertificates.ca("the vendor's pinned CA");

    @Override
    protected TestCertificates serverCertificates() {
        return LOCALHOST.presentedWith(PINNED);
    }

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.pins", PINNED.pin());
    }

    @Test
    void aPinnedCertificateTheChainDoesNotPassThroughIsRefused() {
        assertRefused("certificate pin mismatch");
    }
}
