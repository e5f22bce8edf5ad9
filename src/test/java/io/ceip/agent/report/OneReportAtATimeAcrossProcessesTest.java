package io.ceip.agent.report;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The turn holds {@code report.lock} in the data directory, so two processes on one data directory (the running agent
 * and a {@code ceip-agent send} beside it; here two agents' turns, each with its own lock file channel) never collect
 * at once: the second waits, saying so in one line, and goes when the first gives the turn back, or gives up past its
 * patience naming the lock file. A lock file that cannot be locked is one WARN line and the report still goes. The
 * real two processes: {@code ReportLockKeepsASendBesideTheAgentWaitingIT}.
 */
class OneReportAtATimeAcrossProcessesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    @Test
    void anotherProcesssReportWaitsForTheLockFileThenGoes() throws Exception {
        OneReportAtATime agent = new OneReportAtATime(Duration.ofSeconds(30), CLOCK, data);
        OneReportAtATime send = new OneReportAtATime(Duration.ofSeconds(30), CLOCK, data);
        Runnable first = agent.take("report-a");
        assertThat(data.resolve(OneReportAtATime.LOCK_FILE)).isRegularFile();

        try (LogCapture log = LogCapture.attach()) {
            CompletableFuture<Runnable> second = CompletableFuture.supplyAsync(() -> send.take("report-b"));
            await("waits while the agent's report holds the lock").atMost(Duration.ofSeconds(10))
                    .until(() -> log.shown().contains("Report report-b waits for another process's report"));
            assertThat(second).isNotDone();
            first.run();
            second.get(10, TimeUnit.SECONDS).run();
        }
        agent.take("report-c").run();
    }

    @Test
    void pastItsPatienceTheOtherProcesssReportIsNamed() {
        OneReportAtATime agent = new OneReportAtATime(Duration.ofSeconds(30), CLOCK, data);
        OneReportAtATime send = new OneReportAtATime(Duration.ofMillis(200), CLOCK, data);
        agent.take("report-a");

        assertThatThrownBy(() -> send.take("report-b")).isInstanceOf(AnotherReportCollectingException.class)
                .hasMessage("another process's report has held " + data.resolve(OneReportAtATime.LOCK_FILE)
                        + " for PT0.2S (one report is collected at a time)");
        assertThatThrownBy(() -> send.take("report-c")).as("the process's own turn was given back")
                .isInstanceOf(AnotherReportCollectingException.class).hasMessageStartingWith("another process's");
    }

    @Test
    void aLockFileThatIsADirectoryIsOneLineAndTheReportStillGoes() throws Exception {
        Files.createDirectories(data.resolve(OneReportAtATime.LOCK_FILE));
        OneReportAtATime agent = new OneReportAtATime(Duration.ofSeconds(30), CLOCK, data);

        try (LogCapture log = LogCapture.attach()) {
            agent.take("report-a").run();

            assertThat(log.shown()).contains("Report report-a: " + data.resolve(OneReportAtATime.LOCK_FILE)
                    + " cannot be locked (FileSystemException); this report is kept from this process's other reports"
                    + " only").doesNotContain(" | ");
        }
        agent.take("report-b").run();
    }
}
