package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsMutualTest extends TlsScenarioSupport {

    @Override
    protected TestCertificates clientCa() {
        return CA;
    }

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.key-store",
                CA.issueClient("ceip-agent").writePkcs12(newTempDirectory().resolve("client.p12"), "client-pass")
                        .toString(),
                "ceip.endpoint.key-store-password", "client-pass");
    }

    @Test
    void aServerThatRequiresAClientCertificateGetsTheAgentsOne() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(log.all()).doesNotContain("client-pass");
    }
}
