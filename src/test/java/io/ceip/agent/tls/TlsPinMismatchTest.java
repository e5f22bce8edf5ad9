package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class TlsPinMismatchTest extends TlsScenarioSupport {

    @Override
    protected Properties overrides() {
        Properties properties = new Properties();
        properties.setProperty("ceip.endpoint.pins", TestCertificates.ca("another CA").pin());
        return properties;
    }

    @Test
    void aTrustedChainWithoutThePinnedKeyIsRefused() {
        assertRefused("certificate pin mismatch");
    }
}
