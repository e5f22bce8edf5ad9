package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestCertificates;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client certificate (mutual TLS) that ends within 30 days is said at start in one WARN line naming its setting,
 * for the vendor's and the customer's endpoint (review s20 tls L1; an expired one stops the start:
 * {@code TlsContextsCheckTheWholeKeyStoreAtStartTest}). The test certificates are valid for one day.
 */
class ClientCertificateExpiringSoonWarnedAtStartTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();

    @Override
    protected Properties overrides() {
        TestCertificates client = TestCertificates.ca("test-ca").issueClient("ceip-agent");
        String store = client.writePkcs12(newTempDirectory().resolve("client.p12"), "client-pass").toString();
        return with("ceip.endpoint.key-store", store, "ceip.endpoint.key-store-password", "client-pass",
                "ceip.customer-endpoint.enabled", "true", "ceip.customer-endpoint.url", "https://localhost:9/v1/reports",
                "ceip.customer-endpoint.key-store", store, "ceip.customer-endpoint.key-store-password", "client-pass");
    }

    @AfterEach
    void stop() {
        log.close();
    }

    @Test
    void theStartSaysWhenTheClientCertificateEnds() {
        assertThat(log.all()).containsOnlyOnce("ceip.endpoint.key-store: its client certificate expires on ")
                .containsOnlyOnce("ceip.customer-endpoint.key-store: its client certificate expires on ")
                .contains("; renew it before then (the endpoint will refuse the agent after it)")
                .doesNotContain("client-pass");
    }
}
