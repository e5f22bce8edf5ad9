package io.ceip.agent.delivery;

import static io.ceip.agent.report.ReportSteps.REPORT_ID;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ceip.report.max-bytes} at each request (ceip-send), after the consent gate: "the largest gzip report that may
 * be sent" holds for every report sent, the kept ones a replay takes too, not only for new ones (checked before they
 * are stored). A kept report larger than it now (the setting lowered since it was kept, or a body planted in the
 * store) is not sent: {@link #check} refuses it ({@link ReportOverLimitException}) before any request or attempt, and
 * the deliver route's error configuration (ceip-delivery-errors) decides its outcome, {@code over-limit}, which
 * {@link #kept} records. Consent is checked first: one withdrawn is deleted as any, one reduced to a lower level is
 * checked as reduced. It stays in the store as it is, pending, never deleted for that (sent by the first replay after
 * the setting is raised again; removed by an operator's purge or the store's bound as any kept report); one WARN line
 * for it, once while the agent runs (naming its ID, its size and the setting), counted by the replay
 * ({@link ReplaySteps.Tally#overLimit()}) and shown by {@code status}. No ledger line: nothing was attempted.
 */
public final class SendLimit {

    private static final Logger LOG = LoggerFactory.getLogger(SendLimit.class);

    private final Destinations destinations;
    private final long maxBytes;
    private final int remembered;
    /** The destination and ID of each report already said over the limit, the latest {@code remembered} (guarded). */
    private final Set<String> said = new LinkedHashSet<>();

    /**
     * @param maxBytes   {@code ceip.report.max-bytes}
     * @param remembered how many reports are said once ({@code ceip.dead-letter.max-entries}: a replay takes no more);
     *                   past them, the oldest said is said again at its next replay
     */
    public SendLimit(Destinations destinations, long maxBytes, int remembered) {
        this.destinations = destinations;
        this.maxBytes = maxBytes;
        this.remembered = remembered;
    }

    /** Refuses a gzip body (the exchange's) larger than {@code ceip.report.max-bytes}. */
    public void check(Exchange exchange) throws ReportOverLimitException {
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body != null && body.length > maxBytes) {
            throw new ReportOverLimitException(body.length, maxBytes);
        }
    }

    /**
     * The report is over the limit, not sent: its claim is let go, the store keeps it as it is, and one WARN line
     * says so the first time.
     */
    public void kept(@ExchangeProperty(REPORT_ID) String reportId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) ReportOverLimitException reason, Exchange exchange) {
        Destination to = destinations.of(exchange);
        to.queue().release(reportId);
        if (firstTime(to.name() + " " + reportId)) {
            LOG.warn("Kept report {}{} not sent: {}; it stays in the dead-letter store, sent once the setting allows it"
                    + " (or deleted by purgeDeadLetters())", reportId, DeliverySteps.copy(to), reason.getMessage());
        }
    }

    private synchronized boolean firstTime(String key) {
        if (!said.add(key)) {
            return false;
        }
        for (Iterator<String> oldest = said.iterator(); said.size() > remembered; ) {
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
