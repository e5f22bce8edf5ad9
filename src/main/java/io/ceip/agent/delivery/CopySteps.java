package io.ceip.agent.delivery;

import static io.ceip.agent.report.ReportSteps.REPORT_ID;

import io.ceip.agent.outbox.Kept;
import io.ceip.agent.privacy.WithdrawalOrder;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copies of a new report for the destinations beside the vendor's (the customer's own endpoint): stored by the
 * report route right after the vendor's copy, before any network I/O, each filtered to the lower of the level the
 * report was collected under and the destination's consent ceiling ({@link ConsentGate#within}), in that destination's
 * own store (claimed, as a new report is, until its delivery ends). {@code ceip-deliver-copies} then delivers the copy
 * ({@value #COPY}) on its own thread through the same deliver route, so that neither destination waits for the other.
 * A copy that finds no place in the {@link CopyHandOff} is not handed off: its claim is let go, so that the customer's
 * replay sends it. Decides nothing.
 */
public final class CopySteps {

    /** Exchange property: true when a copy was stored for another destination (the report route then sends it). */
    public static final String COPIES = "ceipCopies";
    /** Exchange property: the customer's copy as stored (gzip), the body {@code ceip-deliver-copies} sends. */
    public static final String COPY = "ceipCopy";

    private static final Logger LOG = LoggerFactory.getLogger(CopySteps.class);

    private final Destinations destinations;
    private final ConsentGate gate;
    private final CopyHandOff handOff;

    public CopySteps(Destinations destinations, ConsentGate gate, CopyHandOff handOff) {
        this.destinations = destinations;
        this.gate = gate;
        this.handOff = handOff;
    }

    /**
     * Stores the copy of the gzip report in the body for each destination beside the vendor's; sets {@value #COPIES}
     * when it is to be handed off (it has a place). A copy that cannot be stored is logged and left out: the vendor's
     * report is not affected.
     */
    public void store(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        exchange.setProperty(COPIES, false);
        destinations.customer().ifPresent(to -> {
            try {
                byte[] copy = gate.within(exchange.getMessage().getBody(byte[].class), to.ceiling());
                Kept kept = to.queue().save(reportId, copy, exchange.getProperty(WithdrawalOrder.PROPERTY,
                        String.class));
                if (kept != Kept.DISK) {
                    LOG.error("Report {}{}: the store {} cannot be written ({}); the copy is kept in memory until"
                            + " delivered", reportId, DeliverySteps.copy(to), to.queue().store().directory(),
                            to.queue().writeProblem());
                }
                if (!handOff.reserve()) {
                    to.queue().release(reportId); // stored, now due for the customer's replay
                    return;
                }
                exchange.setProperty(COPY, copy);
                exchange.setProperty(COPIES, true);
            } catch (IOException | RuntimeException e) {
                LOG.error("Report {}{} not stored: {}", reportId, DeliverySteps.copy(to), e.getClass().getSimpleName());
                LOG.debug("Copy not stored", e);
            }
        });
    }
}
