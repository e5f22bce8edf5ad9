package io.ceip.agent.tls;

import io.ceip.agent.support.TestHttpsServer;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint of TLS 1.2 only (the JDK's HTTPS server, an RSA certificate of the test CA) that offers one
 * forward-secret AEAD suite ({@code TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}) takes the report: the restriction of the
 * agent's suites leaves such a server reachable.
 */
class TlsServerOfferingOnlyTls12EcdheAeadTest extends TlsScenarioSupport {

    private TestHttpsServer offering;

    @Override
    protected Properties overrides() {
        offering = TestHttpsServer.startOffering(CipherSuiteScenario.RSA_LOCALHOST,
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        return with("ceip.endpoint.url", offering.url());
    }

    @AfterEach
    void stopOffering() {
        offering.close();
    }

    @Test
    void aServerOfOneGoodTls12SuiteTakesTheReport() {
        runReportCycle();

        assertThat(offering.received()).hasSize(1);
        assertThat(deadLetters().pending()).isEmpty();
    }
}
