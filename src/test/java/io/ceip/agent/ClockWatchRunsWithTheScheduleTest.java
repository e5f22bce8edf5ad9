package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One node's schedule has its clock watch (ClockWatch): one daemon thread from the start to the stop; and its time
 * zone recorded for status.
 */
class ClockWatchRunsWithTheScheduleTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.schedule.enabled", "true", "ceip.schedule.initial-delay", "86400000");
    }

    @Test
    void oneDaemonThreadWhileTheAgentRuns() {
        assertThat(watches()).isEqualTo(1);
        context().stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> watches() == 0);
    }

    /** The zone Quartz computes the cron in, recorded for status (StatusNextRunInTheAgentsTimeZoneTest). */
    @Test
    void theAgentRecordsItsTimeZoneForStatus() throws Exception {
        assertThat(java.nio.file.Files.readString(dataDirectory().resolve("schedule-time-zone")).trim())
                .isEqualTo(java.util.TimeZone.getDefault().getID());
    }

    private static long watches() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("ceip-clock-watch") && thread.isDaemon()).count();
    }
}
