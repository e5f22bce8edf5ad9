package io.ceip.agent.tls;

import io.ceip.agent.support.TestCertificates;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pinned key is the trust anchor's, and the server does not send the root: the pin is found on the validated
 * path's anchor, which is in the agent's trust store, not in what the server sent.
 */
class TlsRootPinTest extends TlsScenarioSupport {

    @Override
    protected TestCertificates serverCertificates() {
        return TlsIntermediatePinTest.INTERMEDIATE.issueServer("localhost");
    }

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.pins", CA.pin());
    }

    @Test
    void theRootOfTheValidatedChainPinnedIsTrustedEvenWhenTheServerDoesNotSendIt() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(deadLetters().entries()).isEmpty();
    }
}
