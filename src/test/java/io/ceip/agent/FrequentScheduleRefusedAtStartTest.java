package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schedule firing more often than once an hour (review s19 F8: every second was accepted, each fire a collection
 * and a delivery, and the offset does not spread it): the start stops in one line naming the setting and the switch
 * that allows it; with {@code ceip.schedule.allow-frequent=true} the agent starts on it. A cron that never fires in
 * this run is not refused (review s20 cluster L2): with {@code ceip.schedule.enabled=false} (reports on demand only)
 * and in a read-only one-shot run (preview, status, export).
 */
class FrequentScheduleRefusedAtStartTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "* * * * * ?       | 1",
            "*/5 * * * * ?     | 5",
            "* 0 3 * * ?       | 1",
            "0 0/30 3 * * ?    | 1800",
            "0 0 * * * ?       | -1",
            "0 0 3 * * ?       | -1",
    })
    void aScheduleFiringMoreOftenThanHourlyIsRefusedInOneLine(String cron, long gapSeconds) {
        Main main = AgentStarts.agent(dir, null, Map.of("ceip.schedule.cron", cron, "ceip.schedule.enabled", "true"));
        if (gapSeconds < 0) {
            main.start();
            main.stop();
        } else {
            AgentStarts.assertStartStopsSaying(main, "ceip.schedule.cron '" + cron + "' fires more often than once an"
                    + " hour (two fires " + gapSeconds + " s apart): each fire queries the product database and sends;"
                    + " set ceip.schedule.allow-frequent=true to allow it (tests, demos)");
        }
    }

    @Test
    void aFrequentCronIsNotRefusedWithTheScheduleOff() {
        Main main = AgentStarts.agent(dir, null, Map.of("ceip.schedule.cron", "0 0/5 * * * ?",
                "ceip.schedule.enabled", "false"));
        try {
            main.start();
            assertThat(main.getCamelContext().getRouteController().getRouteStatus("ceip-schedule").isStarted())
                    .as("the schedule's route does not run").isFalse();
        } finally {
            main.stop();
        }
    }

    @Test
    void aFrequentCronIsNotRefusedInAReadOnlyRun() {
        Main main = AgentStarts.agent(dir, null, Map.of("ceip.schedule.cron", "0 0/5 * * * ?",
                "ceip.schedule.enabled", "true"));
        main.bind(Wiring.READS_ONLY, Boolean.TRUE);
        try {
            main.start();
        } finally {
            main.stop();
        }
    }

    @Test
    void theSwitchAllowsIt() {
        // every 30 minutes, not every second: the schedule runs, and a fire every second would keep the stop waiting
        Main main = AgentStarts.agent(dir, null, Map.of("ceip.schedule.cron", "0 0/30 * * * ?",
                "ceip.schedule.enabled", "true", "ceip.schedule.allow-frequent", "true"));
        try {
            main.start();
            assertThat(main.getCamelContext().getPropertiesComponent().resolveProperty("ceip.schedule.effective-cron"))
                    .hasValueSatisfying(cron -> assertThat(cron).endsWith(" 0/30 * * * ?"));
        } finally {
            main.stop();
        }
    }
}
