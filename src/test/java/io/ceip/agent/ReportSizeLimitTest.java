package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.lang.management.ManagementFactory;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportSizeLimitTest extends AgentTestSupport {

    @Override
    public boolean useJmx() {
        return true;
    }

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

    /**
     * JMX's preview says first that the report would not be sent (it showed the report as if it would be, the cycle
     * then sending nothing), and exportReport writes nothing, records nothing and takes no window (it exported a
     * report the cycle refuses, recorded as EXPORTED).
     */
    @Test
    void thePreviewSaysItWouldNotBeSentAndTheExportWritesNothing() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName agent = new ObjectName(AgentManagement.OBJECT_NAME);

        String preview = (String) jmx.invoke(agent, "preview", new Object[0], new String[0]);
        String exported = (String) jmx.invoke(agent, "exportReport", new Object[] { "report.json.gz" },
                new String[] { String.class.getName() });

        assertThat(preview.lines().findFirst().orElseThrow()).matches("Would not be sent: \\d+ bytes gzip is over"
                + " ceip\\.report\\.max-bytes \\(100\\)");
        assertThat(parse(preview.substring(preview.indexOf('\n') + 1)).path("reportId").asText()).isNotEmpty();
        assertThat(exported).matches("Not exported: the report would not be sent \\(\\d+ bytes gzip is over"
                + " ceip\\.report\\.max-bytes \\(100\\)\\): nothing exported");
        assertThat(dataDirectory().resolve("report.json.gz")).doesNotExist();
        assertThat(dataDirectory().resolve("report.json.gz.json")).doesNotExist();
        assertThat(dataDirectory().resolve("ledger.log")).doesNotExist();
        assertThat(dataDirectory().resolve("last-report")).doesNotExist();
        assertThat(server().connections()).isZero();
    }
}
