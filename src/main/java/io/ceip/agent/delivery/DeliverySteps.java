package io.ceip.agent.delivery;

import static io.ceip.agent.report.ReportSteps.REPORT_ID;

import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.outbox.Kept;
import io.ceip.agent.outbox.PartialReport;
import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.WithdrawalOrder;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The delivery steps the routes call: store a report before sending it, and record each outcome the routes decided
 * (ceip-deliver, ceip-delivery-errors) in the {@link DeliveryQueue}, the {@link DeliveryLedger} and the
 * {@link AgentStatus} of the exchange's {@link Destination} ({@link Destinations#of}); none of them decides an outcome. Log lines name the report ID, the HTTP status or the error
 * class and at most the start of the collector's answer, redacted and escaped ({@link AnswerExcerpt}); never the
 * report, the URL or an exception message (which may carry a URL or a response body).
 */
public final class DeliverySteps {

    /** Exchange property counting the delivery attempts of one report in one cycle. */
    public static final String ATTEMPTS = "ceipAttempts";
    /** Exchange properties: the size of the gzip body, and the SHA-256 of the one last sent. */
    public static final String BYTES = "ceipReportBytes", SHA256 = "ceipReportSha256";
    /** Exchange property: the attempts made for the report before this delivery (by earlier cycles or replays). */
    public static final String PRIOR_ATTEMPTS = "ceipPriorAttempts";
    /** Exchange property: the outcome of the last attempt, {@code HTTP 503} or an error class. */
    public static final String STATUS = "ceipStatus";
    /** Exchange property: where the report is kept ({@link Kept}) after the step that stored or recorded it. */
    public static final String KEPT = "ceipKept";
    /** Exchange property: what to check after a failure without an HTTP status ({@link FailureHint}), or empty. */
    public static final String HINT = "ceipHint";
    /** Exchange properties: the gzip body of the last attempt as sent; its number and outcome written to the ledger. */
    private static final String SENT_BODY = "ceipSentBody", LEDGERED = "ceipLedgered";

    /** The most bytes of a collector's answer kept in a dead letter's metadata (redacted, escaped, cut). */
    public static final int EXCERPT_BYTES = 512;
    /** The most bytes of a collector's answer shown in a log line. */
    public static final int LOG_EXCERPT_BYTES = 200;
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySteps.class);

    private final Destinations destinations;
    private final Clock clock;
    private final int memoryEntries;
    private final ConsentAudit audit;
    private final AnswerExcerpt excerpt;
    private final AfterDelivery afterDelivery;
    private final long maxReportBytes;

    /** @param excerpt what is kept of a collector's answer (redacted, the agent's own secrets first) */
    public DeliverySteps(Destinations destinations, ConsentAudit audit, AnswerExcerpt excerpt, long maxReportBytes,
            int memoryEntries, Clock clock) {
        this.destinations = destinations;
        this.memoryEntries = memoryEntries;
        this.audit = audit;
        this.excerpt = excerpt;
        this.afterDelivery = new AfterDelivery(clock);
        this.maxReportBytes = maxReportBytes;
        this.clock = clock;
    }

    /**
     * False (and the reason logged) when the gzip body is larger than {@code ceip.report.max-bytes}; its size is
     * recorded in the agent's status either way.
     */
    public boolean withinLimit(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        destinations.vendor().status().reportSize(body == null ? 0 : body.length);
        if (body != null && body.length > maxReportBytes) {
            LOG.warn("Report {} not sent: {} bytes gzip is over ceip.report.max-bytes ({}) without product events;"
                    + " check the usage queries and the inventory catalog", reportId, body.length, maxReportBytes);
            return false;
        }
        return true;
    }

    /**
     * Writes the ledger line of the attempt that just ended, once: right after a failed attempt, before any retry wait
     * ({@link RetryDelay}), and by the step that records the outcome (nothing more for the same attempt and outcome;
     * another with no attempt since, a withdrawal in the retry wait, is its own line). The attempt number counts the
     * attempts of earlier cycles and replays; a partial report's line says so ({@link PartialReport}).
     */
    public void ledger(Exchange exchange, String outcome) {
        int attempt = attemptNumber(exchange);
        exchange.setProperty(STATUS, outcome);
        if ((attempt + " " + outcome).equals(exchange.getProperty(LEDGERED, String.class))) {
            return;
        }
        exchange.setProperty(LEDGERED, attempt + " " + outcome);
        destinations.of(exchange).ledger().record(exchange.getProperty(REPORT_ID, String.class),
                exchange.getProperty(SHA256, "", String.class), exchange.getProperty(BYTES, 0, Integer.class), outcome,
                attempt, exchange.getProperty(PartialReport.PROPERTY, PartialReport.WHOLE, PartialReport.class));
    }

    /** A failed attempt's line ({@link RetryDelay}), unless it has one (a withdrawal in the retry wait is none). */
    void attemptFailed(Exchange exchange) {
        if (!exchange.getProperty(LEDGERED, "", String.class).startsWith(attemptNumber(exchange) + " ")) {
            ledger(exchange, AttemptStatus.of(exchange));
        }
    }

    private static int attemptNumber(Exchange exchange) {
        return exchange.getProperty(PRIOR_ATTEMPTS, 0, Integer.class) + attempts(exchange);
    }

    /**
     * Consent was withdrawn before the report could be sent: it is deleted unsent, and the audit says so; one whose
     * stored copy cannot be removed now stays ({@link Kept#DISK_AS_IT_WAS}), said so, for a later replay to delete.
     */
    public void withdrawn(@ExchangeProperty(REPORT_ID) String reportId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) ConsentWithdrawnException reason, Exchange exchange) {
        Destination to = destinations.of(exchange);
        boolean deleted = to.queue().delete(reportId, stored -> { });
        ledger(exchange, "CONSENT_WITHDRAWN");
        if (deleted) {
            audit.reportDeleted(reportId, reason.audited());
        } else {
            exchange.setProperty(KEPT, Kept.DISK_AS_IT_WAS);
        }
        LOG.info("Report {}{} {}: {}", reportId, copy(to), deleted ? "deleted unsent" : "not sent, its stored copy"
                + " cannot be removed now (deleted by a later replay)", reason.getMessage());
    }

    /**
     * Stores the gzip body as a pending entry before the first network attempt: on disk, or in memory while the
     * store cannot be written ({@link DeliveryQueue}).
     */
    public void enqueue(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(BYTES, body.length);
        DeliveryQueue queue = destinations.of(exchange).queue();
        Kept kept = queue.save(reportId, body, exchange.getProperty(WithdrawalOrder.PROPERTY, String.class));
        exchange.setProperty(KEPT, kept);
        if (kept == Kept.DISK) {
            LOG.info("Report {} collected ({} bytes gzip) and stored in {} until delivered", reportId, body.length,
                    queue.store().directory());
        } else {
            LOG.error("The dead-letter store {} cannot be written ({}): report {} is kept in memory ({} of at most {},"
                    + " ceip.dead-letter.memory-entries) and sent now; if it cannot be delivered it is retried by the"
                    + " next cycle or replay; free space or fix the permissions", queue.store().directory(),
                    queue.writeProblem(), reportId, queue.inMemory(), memoryEntries);
        }
    }

    /**
     * A 2xx: the body sent is kept as sent ({@link io.ceip.agent.outbox.SentReports}), the entry removed from the
     * store, none of which can undo the delivery ({@link AfterDelivery}). One INFO line for a new report; a replayed
     * one is logged at DEBUG (its ledger line is written as for any report, and the replay counts what it delivered).
     */
    public void delivered(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        int code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Destination to = destinations.of(exchange);
        afterDelivery.record(to, reportId, code, exchange.getProperty(BYTES, 0, Integer.class),
                exchange.getProperty(SENT_BODY, byte[].class), () -> ledger(exchange, "HTTP " + code));
        boolean replayed = exchange.getProperty(ReplaySteps.REPLAY, false, Boolean.class); // the replay counts them
        LOG.atLevel(replayed ? Level.DEBUG : Level.INFO).log("Report {}{} delivered: HTTP {}", reportId, copy(to), code);
    }

    /** Retries exhausted (or not worth retrying now): the entry stays pending and will be replayed. */
    public void failed(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        String outcome = AttemptStatus.of(exchange);
        Destination to = destinations.of(exchange);
        ledger(exchange, outcome);
        Kept kept = to.queue().failed(reportId, outcome, attempts(exchange));
        exchange.setProperty(KEPT, kept);
        to.status().failed(outcome, clock.instant());
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String hint = FailureHint.of(failure, to, exchange.getProperty(RetryBudget.SPENT, String.class));
        exchange.setProperty(HINT, hint);
        LOG.warn("Report {}{} not delivered after {} attempt(s) ({}{}{}); {}", reportId, copy(to),
                exchange.getProperty(PRIOR_ATTEMPTS, 0, Integer.class) + attempts(exchange), outcome,
                excerpt.forLog(failure), hint.isEmpty() ? "" : "; " + hint, switch (kept) {
                    case DISK -> "kept in the dead-letter store for replay";
                    case MEMORY -> "kept in memory (the dead-letter store cannot be written) for the next cycle or"
                            + " replay";
                    case NOWHERE -> Kept.GONE;
                    case DISK_AS_IT_WAS -> "kept in the dead-letter store for replay, this attempt not recorded there"
                            + " (the store cannot be written)";
                });
    }

    /** A status that is not worth retrying: the entry is kept as rejected, and not replayed automatically. */
    public void rejected(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        String outcome = AttemptStatus.of(exchange);
        Destination to = destinations.of(exchange);
        ledger(exchange, outcome);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Kept kept = to.queue().rejected(reportId, outcome, attempts(exchange), failure instanceof
                HttpOperationFailedException http ? excerpt.of(http.getResponseBody(), EXCERPT_BYTES) : null);
        exchange.setProperty(KEPT, kept);
        to.status().rejected(outcome, clock.instant());
        LOG.warn("Report {}{} rejected by the collector ({}{}); {}", reportId, copy(to), outcome,
                excerpt.forLog(failure),
                kept == Kept.DISK ? "kept in the dead-letter store as rejected"
                        : kept == Kept.MEMORY ? "kept in memory as rejected (the dead-letter store cannot be written)"
                        : kept == Kept.DISK_AS_IT_WAS ? "still stored as pending, so sent again by a later replay (the"
                                + " dead-letter store cannot be written)"
                        : Kept.GONE);
    }

    /** True for a failure worth another attempt: an HTTP status of {@link HttpStatusPolicy#isRetryable(int)}. */
    public boolean isRetryable(Exchange exchange) {
        Exception exception = exchange.getException() == null
                ? exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class) : exchange.getException();
        return exception instanceof HttpOperationFailedException http
                && HttpStatusPolicy.isRetryable(http.getStatusCode());
    }

    /** A failed attempt will be retried: counted in the status of the exchange's destination. */
    void retried(Exchange exchange) {
        destinations.of(exchange).status().retried();
    }

    /** What log lines add for the exchange's destination ({@link #copy(Destination)}). */
    String copy(Exchange exchange) {
        return copy(destinations.of(exchange));
    }

    /** What log lines add for a copy: {@code  (customer's copy)}; nothing for the vendor's report. */
    static String copy(Destination to) {
        return Destination.VENDOR.equals(to.name()) ? "" : " (" + to.name() + "'s copy)";
    }

    /** Counts one attempt and fingerprints its body; called by the send route right before the HTTP request. */
    public void attempt(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        exchange.setProperty(ATTEMPTS, attempts(exchange) + 1);
        exchange.setProperty(SHA256, DeliveryLedger.sha256(body));
        exchange.setProperty(SENT_BODY, body);
        exchange.setProperty(BYTES, body == null ? 0 : body.length);
    }

    static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 0, Integer.class);
    }
}
