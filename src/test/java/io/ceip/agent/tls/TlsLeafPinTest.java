package io.ceip.agent.tls;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pin of the server's own key: the first certificate of the validated chain. */
class TlsLeafPinTest extends TlsScenarioSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.pins", LOCALHOST.pin());
    }

    @Test
    void theServersOwnKeyPinnedIsTrusted() {
        runReportCycle();

        assertThat(server().received()).hasSize(1);
        assertThat(deadLetters().entries()).isEmpty();
    }
}
