package io.ceip.agent.schedule;

import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's stored trigger and the WARN when a node replaces it (review s20 cluster L3): the trigger is read for
 * this cluster's scheduler only (another cluster's rows in the same tables were taken for it, whichever came first),
 * and a cron that differs only in the offset's fields (seconds, minutes: a node of an earlier version during a rolling
 * upgrade) is said as such instead of asking for the same ceip.schedule.cron, which is already set.
 */
class StoredTriggerOfThisClusterOnlyTest {

    @Test
    void anotherSchedulersTriggerOfTheSameNameIsNotThisClusters() throws Exception {
        ProductEngine engine = PostgresEngine.seeded();
        DataSource shared = new DriverManagerDataSource(engine.url(), engine.adminUser(), engine.adminPassword(), 5);
        QuartzCluster.prepare(shared, "node", Duration.ofSeconds(5));
        try (Connection connection = engine.admin(); Statement statement = connection.createStatement()) {
            for (String scheduler : new String[] { "ceip-agent-other", "ceip-agent-ours" }) {
                statement.execute("INSERT INTO ceip_qrtz_job_details (sched_name, job_name, job_group,"
                        + " job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery)"
                        + " VALUES ('" + scheduler + "', 'report', 'ceip', 'x', false, true, false, true)");
                statement.execute("INSERT INTO ceip_qrtz_triggers (sched_name, trigger_name, trigger_group, job_name,"
                        + " job_group, trigger_state, trigger_type, start_time) VALUES ('" + scheduler + "', 'report',"
                        + " 'ceip', 'report', 'ceip', 'WAITING', 'CRON', 0)");
                statement.execute("INSERT INTO ceip_qrtz_cron_triggers (sched_name, trigger_name, trigger_group,"
                        + " cron_expression) VALUES ('" + scheduler + "', 'report', 'ceip', '0 0 3 * * ? "
                        + scheduler + "')");
            }
        }

        assertThat(StoredTrigger.cron(shared, "ceip-agent-ours", "ceip", "report"))
                .contains("0 0 3 * * ? ceip-agent-ours");
        assertThat(StoredTrigger.cron(shared, "ceip-agent-third", "ceip", "report")).isEmpty();
        assertThat(StoredTrigger.schedulerName("ceip-agent")).isEqualTo("ceip-agent-ceip-agent");
    }

    @Test
    void aCronDifferingInTheOffsetOnlyIsSaidAsAnUpgradesOffset() {
        assertThat(StoredTrigger.replaced("12 34 3 * * ?", "12 34 3 * * ?")).isEmpty();
        assertThat(StoredTrigger.replaced("12 34 3 * * ?", "56 7 3 * * ?")).hasValueSatisfying(line -> assertThat(line)
                .isEqualTo("The cluster's schedule '12 34 3 * * ?' (stored in CEIP_QRTZ_CRON_TRIGGERS) is replaced by"
                        + " this node's '56 7 3 * * ?': the same ceip.schedule.cron with another offset, as a node of"
                        + " an earlier version computes it (during a rolling upgrade); they agree once every node runs"
                        + " this version"));
        assertThat(StoredTrigger.replaced("12 34 3 * * ?", "12 34 4 * * ?")).hasValueSatisfying(line -> assertThat(line)
                .endsWith("is replaced by this node's '12 34 4 * * ?': set the same ceip.schedule.cron on every node"));
    }
}
