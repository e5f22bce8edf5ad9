package io.ceip.agent;

import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.ScriptedConnectProxy;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A proxy (or anyone on its plain hop) answering {@code CONNECT} with what is not HTTP (a header line without a colon,
 * holding an escape sequence and a forged line) fails the attempt as an I/O error, retried, the report kept pending;
 * the line names the proxy and its settings (it said only "ClientProtocolException") and quotes nothing of the answer.
 */
class ProxyAnsweringGarbageIsSaidAsTheProxysTest extends AgentTestSupport {

    private static final String FORGED = "INFO  DeliverySteps - Report 00000000-0000-0000-0000-000000000000 delivered";

    private final LogCapture log = LogCapture.attach();
    private ScriptedConnectProxy proxy;

    @Override
    protected Properties overrides() {
        try {
            proxy = new ScriptedConnectProxy("HTTP/1.1 200 Connection established\r\n\u001b[2K\r" + FORGED + "\r\n\r\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return with("ceip.proxy.host", "127.0.0.1", "ceip.proxy.port", Integer.toString(proxy.port()),
                "ceip.retry.max-redeliveries", "1");
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        proxy.close();
    }

    @Test
    void theLineNamesTheProxyAndQuotesNothingOfItsAnswer() {
        runReportCycle();

        assertThat(proxy.requests).hasSize(2);
        assertThat(server().received()).isEmpty();
        assertThat(deadLetters().entries()).singleElement().extracting(DeadLetter::state).isEqualTo(DeadLetter.PENDING);
        assertThat(log.all()).contains("not delivered after 2 attempt(s) (ClientProtocolException; the proxy's answer to"
                + " CONNECT is not valid HTTP/1.1 (ParseException) (check ceip.proxy.host and ceip.proxy.port)); kept in"
                + " the dead-letter store for replay").doesNotContain("\u001b").doesNotContain(FORGED);
    }
}
