package io.ceip.agent.delivery;

import static io.ceip.agent.report.ReportSteps.REPORT_ID;

import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.RedactionRules;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery steps the routes call: store a report before sending it, and record each outcome in the
 * {@link DeadLetterStore} and the {@link AgentStatus}. Log lines name the report ID, the HTTP status or the error
 * class and at most the start of the collector's answer, redacted and escaped ({@link AnswerExcerpt}); never the
 * report, the URL or an exception message (which may carry a URL or a response body).
 */
public final class DeliverySteps {

    /** Exchange property counting the delivery attempts of one report in one cycle. */
    public static final String ATTEMPTS = "ceipAttempts";
    /** Exchange property holding the size of the gzip body. */
    public static final String BYTES = "ceipReportBytes";
    /** Exchange property holding the SHA-256 of the gzip body last sent. */
    public static final String SHA256 = "ceipReportSha256";

    /** The most bytes of a collector's answer kept in a dead letter's metadata. */
    public static final int EXCERPT_BYTES = 512;
    /** The most bytes of a collector's answer shown in a log line. */
    public static final int LOG_EXCERPT_BYTES = 200;

    private static final Logger LOG = LoggerFactory.getLogger(DeliverySteps.class);

    private final DeadLetterStore store;
    private final AgentStatus status;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private final ConsentAudit audit;
    private final DeliveryLedger ledger;
    private final AnswerExcerpt excerpt;
    private final long maxReportBytes;

    public DeliverySteps(DeadLetterStore store, AgentStatus status, ConsentAudit audit, DeliveryLedger ledger,
            RedactionRules rules, long maxReportBytes, Clock clock) {
        this.store = store;
        this.status = status;
        this.audit = audit;
        this.ledger = ledger;
        this.excerpt = new AnswerExcerpt(rules);
        this.maxReportBytes = maxReportBytes;
        this.clock = clock;
    }

    /**
     * False (and the reason logged) when the gzip body is larger than {@code ceip.report.max-bytes}; its size is
     * recorded in the agent's status either way.
     */
    public boolean withinLimit(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        status.reportSize(body == null ? 0 : body.length);
        if (body != null && body.length > maxReportBytes) {
            LOG.warn("Report {} not sent: {} bytes gzip is over ceip.report.max-bytes ({}); check the usage queries",
                    reportId, body.length, maxReportBytes);
            return false;
        }
        return true;
    }

    /**
     * What a dead letter's metadata keeps of a collector's answer: at most {@value #EXCERPT_BYTES} bytes, redacted,
     * escaped and cut ({@link AnswerExcerpt}), or null for no answer.
     */
    public String excerpt(String answer) {
        return excerpt.of(answer, EXCERPT_BYTES);
    }

    /**
     * What a log line shows of the answer carried by {@code failure}: {@code : "<excerpt>"} of at most
     * {@value #LOG_EXCERPT_BYTES} bytes (redacted, escaped, cut: one line, never a forged one), or nothing.
     */
    String answerForLog(Throwable failure) {
        String answer = failure instanceof HttpOperationFailedException http
                ? excerpt.of(http.getResponseBody(), LOG_EXCERPT_BYTES) : null;
        return answer == null ? "" : ": \"" + answer + "\"";
    }

    /** Writes the ledger line of the attempt that just ended with {@code outcome}. */
    public void ledger(Exchange exchange, String outcome) {
        ledger.record(exchange.getProperty(REPORT_ID, String.class), exchange.getProperty(SHA256, "", String.class),
                exchange.getProperty(BYTES, 0, Integer.class), outcome, attempts(exchange));
    }

    /** Consent was withdrawn before the report could be sent: it is deleted unsent, and the audit says so. */
    public void withdrawn(@ExchangeProperty(REPORT_ID) String reportId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) ConsentWithdrawnException reason, Exchange exchange) {
        store.delete(reportId);
        inFlight.remove(reportId);
        ledger(exchange, "CONSENT_WITHDRAWN");
        audit.reportDeleted(reportId, reason.decision());
        LOG.info("Report {} deleted unsent: consent is now {}", reportId, reason.decision());
    }

    /** Stores the gzip body as a pending entry before the first network attempt. */
    public void enqueue(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        inFlight.add(reportId);
        exchange.setProperty(BYTES, body.length);
        try {
            store.savePending(reportId, body);
            LOG.info("Report {} collected ({} bytes gzip) and stored in {} until delivered", reportId, body.length,
                    store.directory());
        } catch (java.io.UncheckedIOException e) {
            LOG.error("The dead-letter store {} cannot be written ({}): report {} is sent without a stored copy and"
                    + " is lost if it cannot be delivered now; free space or fix the permissions",
                    store.directory(), e.getCause().getClass().getSimpleName(), reportId);
        }
    }

    /** A 2xx: the entry is removed from the store. */
    public void delivered(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        int code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        long bytes = exchange.getProperty(BYTES, 0, Integer.class);
        ledger(exchange, "HTTP " + code);
        store.delete(reportId);
        inFlight.remove(reportId);
        status.delivered("HTTP " + code, bytes, clock.instant());
        LOG.info("Report {} delivered: HTTP {}", reportId, code);
    }

    /** Retries exhausted (or not worth retrying now): the entry stays pending and will be replayed. */
    public void failed(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        String outcome = outcome(exchange);
        int attempts = attempts(exchange);
        ledger(exchange, outcome);
        inFlight.remove(reportId);
        if (store.read(reportId).isEmpty()) {
            status.failed(outcome, clock.instant());
            LOG.error("Report {} not delivered ({}) and not stored (the dead-letter store cannot be written): lost",
                    reportId, outcome);
            return;
        }
        DeadLetter entry = store.recordFailure(reportId, outcome, attempts);
        status.failed(outcome, clock.instant());
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String tls = failure instanceof javax.net.ssl.SSLException ? "; TLS refused: " + tlsReason(failure) : "";
        LOG.warn("Report {} not delivered after {} attempt(s) ({}{}{}); kept in the dead-letter store for replay",
                reportId, attempts, entry.lastStatus(), answerForLog(failure), tls);
    }

    /** A status that is not worth retrying: the entry is kept as rejected, and not replayed automatically. */
    public void rejected(@ExchangeProperty(REPORT_ID) String reportId, Exchange exchange) {
        String outcome = outcome(exchange);
        ledger(exchange, outcome);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (store.read(reportId).isPresent()) {
            store.reject(reportId, outcome, attempts(exchange), failure instanceof HttpOperationFailedException http
                    ? excerpt(http.getResponseBody()) : null);
        }
        inFlight.remove(reportId);
        status.rejected(outcome, clock.instant());
        LOG.warn("Report {} rejected by the collector ({}{}); kept in the dead-letter store as rejected", reportId,
                outcome, answerForLog(failure));
    }

    /** True for a failure worth another attempt: an HTTP status of {@link HttpStatusPolicy#isRetryable(int)}. */
    public boolean isRetryable(Exchange exchange) {
        Exception exception = exchange.getException();
        if (exception == null) {
            exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        return exception instanceof HttpOperationFailedException http
                && HttpStatusPolicy.isRetryable(http.getStatusCode());
    }

    /** True while the report is being delivered by the report route; the replay leaves it alone. */
    public boolean isInFlight(String reportId) {
        return inFlight.contains(reportId);
    }

    /** Why a TLS handshake was refused, in words an administrator can act on (no certificate content). */
    public static String tlsReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.contains("certificate pin mismatch")) {
                return "certificate pin mismatch (ceip.endpoint.pins)";
            }
            if (t instanceof java.security.cert.CertPathBuilderException || message.contains("PKIX")) {
                return "the server's certificate is not trusted (ceip.endpoint.trust-store)";
            }
            if (t instanceof javax.net.ssl.SSLPeerUnverifiedException || message.contains("subject alternative")) {
                return "the server's certificate does not match its host name";
            }
            if (message.contains("certificate_required") || message.contains("bad_certificate")) {
                return "the server requires a client certificate (ceip.endpoint.key-store)";
            }
        }
        return "handshake failed (" + failure.getClass().getSimpleName() + ")";
    }

    /** {@code HTTP 503} for a status, else the simple class name of the error. */
    public static String outcome(Exchange exchange) {
        Exception exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (exception == null) {
            exception = exchange.getException();
        }
        if (exception instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode();
        }
        return exception == null ? "Unknown" : exception.getClass().getSimpleName();
    }

    /** A failed attempt will be retried: counted in the agent's status. */
    void retried() {
        status.retried();
    }

    /** Counts one attempt and fingerprints its body; called by the send route right before the HTTP request. */
    public void attempt(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        exchange.setProperty(ATTEMPTS, attempts(exchange) + 1);
        exchange.setProperty(SHA256, DeliveryLedger.sha256(body));
        exchange.setProperty(BYTES, body == null ? 0 : body.length);
    }

    private static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 0, Integer.class);
    }
}
