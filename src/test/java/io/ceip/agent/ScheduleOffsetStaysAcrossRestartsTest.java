package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.ops.ReportExport;
import io.ceip.agent.schedule.ScheduleOffset;
import io.ceip.agent.support.AgentStarts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedule's offset comes from the installation ID, and the first report stores the very ID the schedule was
 * derived from at start: a restart keeps the schedule (it used to change with every restart before the first report
 * and once more after it).
 */
class ScheduleOffsetStaysAcrossRestartsTest {

    private static final Map<String, String> SCHEDULED = Map.of("ceip.schedule.enabled", "true",
            "ceip.schedule.initial-delay", "3600000", "ceip.schedule.cron", "0 0 3 * * ?");

    @TempDir
    Path dir;

    @Test
    void theFirstReportStoresTheIdTheScheduleUsesAndARestartKeepsIt() throws Exception {
        String firstSchedule;
        Main first = AgentStarts.agent(dir, null, SCHEDULED);
        first.start();
        try {
            AgentManagement management = management(first);
            firstSchedule = management.getSchedule();
            assertThat(management.getInstallationId()).as("nothing stored before the first report").isEmpty();
            assertThat(dir.resolve("installation-id")).doesNotExist();

            // the first report (an export: the same collection and commit as a delivery)
            first.getCamelContext().getRegistry().lookupByNameAndType("reportExport", ReportExport.class)
                    .export(dir.resolve("first.json.gz"));

            UUID stored = UUID.fromString(Files.readString(dir.resolve("installation-id")).trim());
            assertThat(management.getInstallationId()).isEqualTo(stored.toString());
            assertThat(firstSchedule).isEqualTo(ScheduleOffset.apply("0 0 3 * * ?", stored));
        } finally {
            first.stop();
        }

        Main restarted = AgentStarts.agent(dir, null, SCHEDULED);
        restarted.start();
        try {
            assertThat(management(restarted).getSchedule()).isEqualTo(firstSchedule);
        } finally {
            restarted.stop();
        }
    }

    private static AgentManagement management(Main main) {
        return main.getCamelContext().getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class);
    }
}
