package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.lang.management.ManagementFactory;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMX {@code replayDeadLetters()} whose kept report the collector refused (HTTP 401) answered {@code 0 delivered, 0
 * still pending}, as if the store were empty and nothing had happened: it now says the report was rejected and kept
 * as rejected, as the ledger and {@code DeadLetterRejected} do.
 */
class ReplayDeadLettersAnswerSaysWhatWasRejectedTest extends AgentTestSupport {

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        return with("ceip.retry.max-redeliveries", "0");
    }

    @Test
    void aRejectionInTheReplayIsSaid() throws Exception {
        server().reply(Reply.status(503));
        assertThat(management().sendNow()).contains("stored for retry");

        server().reply(Reply.status(401));
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName agent = new ObjectName(AgentManagement.OBJECT_NAME);
        String answer = (String) jmx.invoke(agent, "replayDeadLetters", new Object[0], new String[0]);

        assertThat(answer).isEqualTo("0 delivered, 1 rejected (kept as rejected: requeueRejected() once the cause is"
                + " fixed), 0 still pending");
        assertThat(jmx.getAttribute(agent, "DeadLetterRejected")).isEqualTo(1L);
    }
}
