package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GracefulStopTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.retry.max-redeliveries", "0");
    }

    @Test
    void aStopDuringADeliveryEitherFinishesItOrKeepsTheReport() throws Exception {
        server().reply(Reply.delayed(2000));
        context.getShutdownStrategy().setTimeout(10);
        Future<Exchange> cycle = template.asyncSend("direct:ceip-report", exchange -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> server().received().size() == 1);
        String reportId = server().received().get(0).header("Idempotency-Key");

        context.stop();

        assertThat(context.isStopped()).isTrue();
        assertThat(cycle.get().getProperty("ceipReportId", String.class)).isEqualTo(reportId);
        boolean stored = deadLetters().read(reportId).isPresent();
        boolean delivered = deadLetters().entries().isEmpty() && cycle.get().getException() == null;
        assertThat(stored || delivered).as("delivered, or still on disk").isTrue();
    }

    @Test
    void aStopDuringAnOutageDeletesNothing() throws Exception {
        int port = server().port();
        server().close();
        runReportCycle();
        runReportCycle();
        assertThat(deadLetters().pending()).hasSize(2);

        context.stop();

        assertThat(deadLetters().pending()).hasSize(2);
        restartServer(port);
    }
}
