package io.ceip.agent;

import io.ceip.agent.delivery.CopyHandOff;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.Tarpit;
import io.ceip.agent.support.LogCapture;

import java.time.Clock;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer's copies go to threads of their own (review s20 tls M3): with the customer's endpoint accepting and
 * never answering, Camel's default pool filled its queue of 1,000 and then ran a copy's whole delivery on the report
 * cycle's thread, before the vendor's. Now 2 threads and a queue of 16 take copies; the ones that find them taken are
 * left, in the customer's store, to its replay: no cycle waits, the vendor gets every report, each copy is kept, and
 * one line (not one per copy) says so.
 */
class HangingCustomerEndpointNeverDelaysTheReportCycleTest extends AgentTestSupport {

    private static final int CYCLES = 30;

    private final LogCapture log = LogCapture.attach();
    private Tarpit tarpit;

    @Override
    protected Properties overrides() {
        tarpit = new Tarpit(); // a hanging customer endpoint
        return toAHangingCustomerEndpoint(tarpit);
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        tarpit.close();
    }

    @Test
    void noCycleWaitsForTheCustomerAndEveryCopyIsKept() throws Exception {
        long slowest = 0;
        for (int i = 0; i < CYCLES; i++) {
            long start = System.nanoTime();
            runReportCycle();
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
        }

        assertThat(slowest).as("the slowest of %d cycles, in ms (a copy's attempt takes 3 s or more)", CYCLES)
                .isLessThan(2500);
        assertThat(server().received()).as("the vendor got every report").hasSize(CYCLES);
        CopyHandOff handOff = context.getRegistry().lookupByNameAndType("ceipCopyHandOff", CopyHandOff.class);
        // 30 copies, 2 threads and 16 queued: about 12 left (fewer when an attempt ends early); Camel's pool left none
        assertThat(handOff.left()).as("copies left to the replay").isBetween(1L, (long) CYCLES - 2 - 16);
        assertThat(new DeadLetterStore(dataDirectory().resolve("destinations/customer/dead-letter"), () -> JSON,
                Clock.systemUTC()).entries()).as("every copy is kept for the customer's replay").hasSize(CYCLES)
                .allSatisfy(entry -> assertThat(entry.state()).isEqualTo(DeadLetter.PENDING));
        assertThat(log.all().split("not delivered now", -1)).as("one line for them all").hasSize(2);
        assertThat(log.all()).contains("1 customer's copy not delivered now: the customer's endpoint is slow or"
                + " hanging and 18 copies are already waiting for it; each is kept in ");
    }
}
