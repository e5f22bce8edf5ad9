package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.report.ReportSteps;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ceip-agent send} beside the running agent, on its data directory (review s20 H1): the agent owns the
 * dead-letter store; the send stores and sends its own new report only, leaves the reports the agent keeps to it
 * (replayed by the agent, never by both), and says so in its one line.
 */
class SendBesideTheRunningAgentLeavesItTheStoreTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.retry.max-redeliveries", "0");
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    /**
     * {@code send}'s configuration: this agent's data directory and product database (a whole report: its line is
     * not about a partial one), delivering to this test's collector.
     */
    private void sendConfiguration() throws Exception {
        Path config = Files.writeString(newTempDirectory().resolve("send.properties"), String.join("\n",
                "ceip.data.directory=" + dataDirectory(), "ceip.consent.default=basic", "ceip.database.demo-data=false",
                "ceip.database.url=" + database().url(), "ceip.collector.enabled=false",
                "ceip.retry.max-redeliveries=0", "ceip.endpoint.url=" + server().url(), "ceip.endpoint.trust-store="
                        + trusted().writePem(newTempDirectory().resolve("trusted.pem")), ""));
        System.setProperty("ceip.config", config.toString());
    }

    @Test
    void sendSendsItsOwnReportOnlyAndLeavesTheKeptOnesToTheAgent() throws Exception {
        server().reply(Reply.status(503));
        String kept = runReportCycle().getProperty(ReportSteps.REPORT_ID, String.class);
        sendConfiguration();
        server().reply(Reply.status(202), Reply.status(202));

        Result send = run("send");

        assertThat(send.code()).as(send.err()).isZero();
        assertThat(send.out().strip()).endsWith(" delivered; kept reports are left to the running agent");
        assertThat(server().received()).as("the agent's failed attempt and the send's own report").hasSize(2);
        assertThat(deadLetters().entries()).extracting(DeadLetter::reportId, DeadLetter::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(kept, DeadLetter.PENDING));

        assertThat(replayDeadLetters()).as("replayed by the agent, which owns the store").isEqualTo(1);
        assertThat(deadLetters().entries()).isEmpty();
    }
}
