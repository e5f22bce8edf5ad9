package io.ceip.agent.schedule;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's stored cron is a row of the cluster's database any account writing there may have changed; the WARN
 * line of a node replacing it showed it as stored, so a line end in it forged a second log line (and a terminal
 * escape reached the administrator's terminal). Now it is shown escaped and cut, in one line.
 */
class StoredTriggerOfHostileTextIsOneLineTest {

    @Test
    void aStoredCronWithALineEndAndAnEscapeIsShownInOneLine() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        DataSource shared = new DriverManagerDataSource(engine.url(), engine.adminUser(), engine.adminPassword(), 5);
        QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5));
        String hostile = "0 0 3 * * ?\n2026-12-07 03:00:00 INFO ceip-report - Report delivered: HTTP 202\u001b[2J";
        try (Connection connection = engine.admin()) {
            connection.createStatement().execute("INSERT INTO ceip_qrtz_job_details (sched_name, job_name, job_group,"
                    + " job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery)"
                    + " VALUES ('ceip-agent-hostile', 'report', 'ceip', 'x', false, true, false, true)");
            connection.createStatement().execute("INSERT INTO ceip_qrtz_triggers (sched_name, trigger_name,"
                    + " trigger_group, job_name, job_group, trigger_state, trigger_type, start_time) VALUES"
                    + " ('ceip-agent-hostile', 'report', 'ceip', 'report', 'ceip', 'WAITING', 'CRON', 0)");
            try (PreparedStatement cron = connection.prepareStatement("INSERT INTO ceip_qrtz_cron_triggers"
                    + " (sched_name, trigger_name, trigger_group, cron_expression)"
                    + " VALUES ('ceip-agent-hostile', 'report', 'ceip', ?)")) {
                cron.setString(1, hostile);
                cron.executeUpdate();
            }
        }

        String stored = StoredTrigger.cron(shared, "ceip-agent-hostile", "ceip", "report").orElseThrow();
        assertThat(StoredTrigger.replaced(stored, "12 34 3 * * ?")).hasValueSatisfying(line -> assertThat(line)
                .doesNotContain("\n", "\r", "\u001b").startsWith("The cluster's schedule '0 0 3 * * ?\\n2026-12-07")
                .contains("HTTP 202\\u001b[2J' (stored in CEIP_QRTZ_CRON_TRIGGERS)"));
    }
}
