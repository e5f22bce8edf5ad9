package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class TlsPinMismatchTest extends TlsScenarioSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.pins", TestCertificates.ca("another CA").pin());
    }

    @Test
    void aTrustedChainWithoutThePinnedKeyIsRefused() {
        assertRefused("certificate pin mismatch");
    }
}
