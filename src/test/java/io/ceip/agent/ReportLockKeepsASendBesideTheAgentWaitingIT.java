package io.ceip.agent;

import io.ceip.agent.report.OneReportAtATime;
import io.ceip.agent.support.ShippedFiles;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real processes on one data directory: while another process's report holds {@code data/report.lock} (this test
 * process stands for the running agent collecting), a {@code ceip-agent send} does not collect its own — which would
 * read and advance the same feature window, its usage counted twice by the collector — but says on stderr that it
 * waits, and goes once the lock is let go.
 */
class ReportLockKeepsASendBesideTheAgentWaitingIT {

    @TempDir
    Path workDir;

    @Test
    void aSendWaitsForTheOtherProcesssReportThenGoes() throws Exception {
        ShippedFiles.copyTo(workDir);
        Path data = Files.createDirectories(workDir.resolve("data"));
        Map<String, String> environment = Map.of("CEIP_CONSENT_DEFAULT", "basic", "CEIP_COLLECTOR_ENABLED", "false",
                "CEIP_DATABASE_DEMO_DATA", "false", "CEIP_SCHEDULE_ENABLED", "false",
                "CEIP_ENDPOINT_URL", "https://127.0.0.1:9/v1/reports", "CEIP_RETRY_MAX_REDELIVERIES", "0");
        Path err = workDir.resolve("send.err");
        Process send;
        try (FileChannel channel = FileChannel.open(data.resolve(OneReportAtATime.LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            send = CommandLineRun.process(workDir, environment, "send").redirectError(err.toFile()).start();
            await("the send says it waits").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(err).contains("waits for another process's report (ceip-agent send"
                            + " or export, or the running agent) to be collected: one report is collected at a time"));
            assertThat(send.isAlive()).as("waiting, not collecting").isTrue();
            assertThat(data.resolve("installation-id")).as("made by a report's start, after the turn").doesNotExist();
        }
        String out = new String(send.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(send.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(send.exitValue()).as(out + Files.readString(err)).isEqualTo(3);
        // no demo data: the product database's file does not exist (the agent makes none), and the line says partial
        assertThat(out.strip()).endsWith("; stored for retry (partial: 1 failure: database connection; see the log)");
        assertThat(data.resolve("installation-id")).isRegularFile();
    }
}
