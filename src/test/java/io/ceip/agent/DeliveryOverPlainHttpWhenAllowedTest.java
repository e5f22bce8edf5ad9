package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.TestHttpsServer;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For tests only, {@code ceip.endpoint.allow-plain-http=true} lets the agent deliver to an {@code http://} URL (with
 * the component's same settings: the report is delivered once, no redirects, no retries of its own), and every start
 * says so in a warning. (Without the setting an http:// URL stops the start: {@code SettingsEndpointUrlTest},
 * {@code HttpClientOptionsRefusedAtStartTest}.)
 */
class DeliveryOverPlainHttpWhenAllowedTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    // made on first use: the properties are asked for from the constructor, before field initialisers
    private TestHttpsServer plain;

    private TestHttpsServer plain() {
        if (plain == null) {
            plain = TestHttpsServer.startPlain();
        }
        return plain;
    }

    @Override
    protected Properties overrides() {
        return with("ceip.endpoint.allow-plain-http", "true", "ceip.endpoint.url", plain().url());
    }

    @AfterEach
    void stopPlainServer() {
        log.close();
        plain().close();
    }

    @Test
    void aPlainHttpEndpointIsUsedOnlyWithTheSettingAndLoudly() {
        assertThat(plain().url()).startsWith("http://localhost:");
        assertThat(log.all()).contains("io.ceip.agent.CeipConfiguration ceip.endpoint.allow-plain-http=true, for"
                + " tests only: reports go UNENCRYPTED and to an UNAUTHENTICATED server at " + plain().url());

        runReportCycle();

        assertThat(plain().received()).hasSize(1);
        assertThat(plain().received().get(0).path()).isEqualTo("/v1/reports");
        assertThat(plain().received().get(0).header("Idempotency-Key")).isNotBlank();
        assertThat(deadLetters().entries()).isEmpty();
        assertThat(server().received()).as("nothing went to the https server").isEmpty();
    }
}
