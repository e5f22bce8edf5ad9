package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetterStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ceip_reports_lost_total} follows the agent's count of reports lost (the store could not write them and the
 * memory bound was passed; {@code DeadLetterStoreFullKeepsReportsInMemoryTest} makes one in a real agent): 0, then
 * one per loss. The other meters move in {@code MetricsScrapeMovesWithDeliveriesTest}.
 */
class AgentMetersCountLostReportsTest {

    @TempDir
    Path dir;

    @Test
    void theLostCounterMovesWithEachLostReport() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentStatus status = new AgentStatus();
        AgentMeters.bind(registry, "vendor", status, new DeadLetterStore(dir, ObjectMapper::new, Clock.systemUTC()),
                Clock.systemUTC());

        assertThat(registry.get("ceip_reports_lost").functionCounter().count()).isZero();
        status.lost();
        status.lost();
        assertThat(registry.get("ceip_reports_lost").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("ceip_reports_delivered").functionCounter().count()).isZero();
    }
}
