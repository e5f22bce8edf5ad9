package io.ceip.agent.tls;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestCertificates;

import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS scenarios: certificates from a test CA, and the agent's view of them. */
abstract class TlsScenarioSupport extends AgentTestSupport {

    static final TestCertificates CA = TestCertificates.ca("ceip test CA");
    static final TestCertificates LOCALHOST = CA.issueServer("localhost");

    final LogCapture log = LogCapture.attach();

    @AfterEach
    void detachLog() {
        log.close();
    }

    @Override
    protected TestCertificates serverCertificates() {
        return LOCALHOST;
    }

    @Override
    protected TestCertificates trusted() {
        return CA;
    }

    /** The report was refused before anything was sent, kept pending, and the log says why. */
    void assertRefused(String reason) {
        runReportCycle();

        assertThat(server().received()).as("nothing sent").isEmpty();
        assertThat(deadLetters().pending()).singleElement().satisfies(entry -> {
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.lastStatus()).startsWith("SSL");
        });
        assertThat(log.all()).contains("TLS refused: " + reason);
    }
}
