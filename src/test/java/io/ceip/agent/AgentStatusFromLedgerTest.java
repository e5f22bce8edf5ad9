package io.ceip.agent;

import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.AgentTestSupport;

import java.nio.file.Files;
import java.time.Clock;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a restart, JMX shows the last delivery attempt the ledger recorded: not the line of an export, a requeue, a
 * withdrawal, a purge, an eviction by the store's bound or a discard after it (which the running agent never took for an attempt: the last attempt said "EXPORTED"
 * after a restart only).
 */
class AgentStatusFromLedgerTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        try {
            Files.createDirectories(dataDirectory());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        DeliveryLedger ledger = new DeliveryLedger(dataDirectory().resolve("ledger.log"), 1 << 20, 2, Clock.systemUTC());
        ledger.record("11111111-1111-4111-8111-111111111111", "ab", 400, "HTTP 202", 1);
        ledger.record("22222222-2222-4222-8222-222222222222", "cd", 401, "HTTP 503", 4);
        ledger.record("33333333-3333-4333-8333-333333333333", "ef", 402, "EXPORTED", 0);
        ledger.record("11111111-1111-4111-8111-111111111111", "ab", 400, "REQUEUED", 0);
        ledger.record("44444444-4444-4444-8444-444444444444", "", 0, "CONSENT_WITHDRAWN", 0);
        ledger.record("22222222-2222-4222-8222-222222222222", "cd", 401, "PURGED", 0);
        ledger.record("55555555-5555-4555-8555-555555555555", "01", 403, "EVICTED", 2); // the store's bound
        ledger.record("66666666-6666-4666-8666-666666666666", "02", 404, "DISCARDED", 0);
        return new Properties();
    }

    @Test
    void jmxReadsTheLedgerOfThePreviousRun() {
        AgentManagement jmx = context.getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class);

        assertThat(jmx.getLastReportId()).isEqualTo("22222222-2222-4222-8222-222222222222");
        assertThat(jmx.getLastStatus()).isEqualTo("HTTP 503");
        assertThat(jmx.getLastSuccessTime()).isNotNull().isLessThanOrEqualTo(jmx.getLastAttemptTime());
    }
}
