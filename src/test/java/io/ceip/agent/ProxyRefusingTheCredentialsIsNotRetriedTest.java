package io.ceip.agent;

import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.delivery.Outcome;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.ScriptedConnectProxy;

import java.util.Properties;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A proxy answering {@code CONNECT} with 407 refused the agent's credentials: the same ones would be refused again,
 * and each refusal counts against the proxy account, which a directory may lock after a few. So the delivery makes
 * one attempt and keeps the report pending (one attempt per cycle or replay), where another refusal of the proxy (a
 * 403, a 502: its policy, its upstream) is retried as the settings say.
 */
class ProxyRefusingTheCredentialsIsNotRetriedTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private ScriptedConnectProxy proxy;

    @Override
    protected Properties overrides() {
        try {
            proxy = new ScriptedConnectProxy("HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return with("ceip.proxy.host", "127.0.0.1", "ceip.proxy.port", Integer.toString(proxy.port()),
                "ceip.proxy.user", "agent", "ceip.proxy.password", "wrong-Pr0xy-pw",
                "ceip.retry.max-redeliveries", "2");
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        proxy.close();
    }

    @Test
    void a407IsTriedOnceAndKeptWhereA403IsRetried() {
        Exchange refusedCredentials = runReportCycle();

        assertThat(refusedCredentials.getProperty(Outcome.PROPERTY)).isEqualTo(Outcome.RETRY.id());
        assertThat(refusedCredentials.getProperty(DeliverySteps.STATUS)).isEqualTo("proxy HTTP 407");
        assertThat(proxy.requests).as("one attempt: the CONNECT, then with the credentials the challenge asked for")
                .hasSize(2).filteredOn(request -> request.contains("Proxy-Authorization: Basic ")).hasSize(1);
        assertThat(log.all()).contains("not delivered after 1 attempt(s) (proxy HTTP 407; the proxy refused the"
                + " tunnel: HTTP 407 (check ceip.proxy.user and ceip.proxy.password)); kept in the dead-letter store");

        proxy.answer("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Exchange refusedByPolicy = runReportCycle();

        assertThat(refusedByPolicy.getProperty(DeliverySteps.STATUS)).isEqualTo("proxy HTTP 403");
        assertThat(proxy.requests).as("the 403 tried, then retried twice").hasSize(2 + 3);
        assertThat(deadLetters().entries()).hasSize(2).allSatisfy(entry ->
                assertThat(entry.state()).isEqualTo(DeadLetter.PENDING));
        assertThat(server().received()).as("the collector received nothing").isEmpty();
    }
}
