package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportSizeLimitTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.report.max-bytes", "100");
    }

    @Test
    void aReportOverTheLimitIsNeitherSentNorStoredAndTheLogSaysWhy() {
        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            assertThat(server().connections()).isZero();
            assertThat(deadLetters().entries()).isEmpty();
            assertThat(log.all()).containsPattern("Report [0-9a-f-]{36} not sent: \\d+ bytes gzip is over"
                    + " ceip.report.max-bytes \\(100\\)");
        }
    }

    @Test
    void sendNowAndTheSendCommandSayTheReportIsTooBigAndExitSix() throws Exception {
        CommandRun run = sendCommand();

        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.out()).matches("Report [0-9a-f-]{36} not sent: too big, \\d+ bytes gzip is over"
                + " ceip.report.max-bytes\\R");
        assertThat(management().sendNow()).matches("Report [0-9a-f-]{36} not sent: too big, .*")
                .doesNotContain("delivered");
        assertThat(server().connections()).isZero();
    }
}
