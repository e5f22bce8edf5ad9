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
 * A proxy trickling its answer to CONNECT (an 8 KB status line, a byte every 300 ms) is cut at
 * {@code ceip.endpoint.request-timeout}, the report kept pending, and the line names that setting (review s20 tls L4:
 * it said only "SocketException").
 */
class ProxyTricklingItsAnswerIsCutAtTheRequestDeadlineTest extends AgentTestSupport {

    private final LogCapture log = LogCapture.attach();
    private ScriptedConnectProxy proxy;

    @Override
    protected Properties overrides() {
        try {
            proxy = new ScriptedConnectProxy("HTTP/1.1 200 Connection established" + "x".repeat(8000) + "\r\n\r\n",
                    300);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return with("ceip.proxy.host", "127.0.0.1", "ceip.proxy.port", Integer.toString(proxy.port()),
                "ceip.endpoint.response-timeout", "2000", "ceip.endpoint.request-timeout", "3000",
                "ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        proxy.close();
    }

    @Test
    void theAttemptEndsAtTheRequestDeadlineAndSaysSo() {
        long start = System.nanoTime();
        runReportCycle();

        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(8000);
        assertThat(deadLetters().entries()).singleElement().extracting(DeadLetter::state).isEqualTo(DeadLetter.PENDING);
        assertThat(log.all()).contains("not delivered after 1 attempt(s) (RequestDeadlineException; no whole answer"
                + " within ceip.endpoint.request-timeout); kept in the dead-letter store for replay");
    }
}
