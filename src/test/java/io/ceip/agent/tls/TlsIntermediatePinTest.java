package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server certificate issued by an intermediate CA, the server sending both; the agent trusts the root (which the
 * server does not send) and pins the intermediate's key.
 */
class TlsIntermediatePinTest extends TlsScenarioSupport {

    static final TestCertificates INTERMEDIATE = CA.issueIntermediate("ceip test intermediate CA");

    @Override
    protected TestCertificates serverCertificates() {
        return INTERMEDIATE.issueServer("localhost");
    }

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.pins", INTERMEDIATE.pin());
    }

    @Test
    void anIntermediateOfTheValidatedChainPinnedIsTrusted() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(deadLetters().entries()).isEmpty();
    }
}
