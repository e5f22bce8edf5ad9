package io.ceip.agent.delivery;

import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.report.ReportSteps;

import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-sends the pending entries of the {@link DeadLetterStore}, oldest first, one at a time, with the same
 * idempotency key, through the send route ({@code direct:ceip-send}). Each entry is deleted only after a 2xx.
 * A replay stops at the first retryable failure (the endpoint is still down); a rejection marks that entry
 * {@code rejected} and goes on. One log line sums up a replay that delivered something (each entry is in the
 * ledger, and logged at DEBUG). The send route checks consent before each request ({@link ConsentGate}): when it is
 * {@code off}, the stored reports are deleted unsent and the audit says so. Only one replay runs at a time.
 */
public final class DeadLetterReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);

    private final DeadLetterStore store;
    private final DeliverySteps steps;
    private final ConsentPolicy consent;
    private final AgentStatus status;
    private final ProducerTemplate template;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    public DeadLetterReplayer(DeadLetterStore store, DeliverySteps steps, ConsentPolicy consent, AgentStatus status,
            ProducerTemplate template, Clock clock) {
        this.store = store;
        this.steps = steps;
        this.consent = consent;
        this.status = status;
        this.template = template;
        this.clock = clock;
    }

    /** Replays what is pending; returns how many entries were delivered. */
    public int replay() {
        if (!running.tryLock()) {
            return 0;
        }
        try {
            int delivered = replayPending();
            if (delivered > 0) {
                LOG.info("Replay: {} stored report(s) delivered", delivered);
            }
            return delivered;
        } catch (RuntimeException e) {
            LOG.warn("Replay of the dead-letter store stopped: {}", e.getClass().getSimpleName());
            return 0;
        } finally {
            store.awaitRemovals();
            running.unlock();
        }
    }

    private int replayPending() {
        int delivered = 0;
        for (DeadLetter entry : store.pending()) {
            if (steps.isInFlight(entry.reportId())) {
                continue;
            }
            Exchange result = send(entry);
            Exception failure = result.getException();
            if (failure != null) {
                result.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            }
            String outcome = failure == null
                    ? "HTTP " + result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class)
                    : failure instanceof ConsentWithdrawnException ? "CONSENT_WITHDRAWN" : DeliverySteps.outcome(result);
            result.setProperty(DeliverySteps.ATTEMPTS, entry.attempts() + 1);
            steps.ledger(result, outcome);
            if (failure instanceof ConsentWithdrawnException withdrawn) {
                store.delete(entry.reportId());
                consent.audit().reportDeleted(entry.reportId(), withdrawn.decision());
                LOG.info("Stored report {} deleted unsent: consent is now {}", entry.reportId(), withdrawn.decision());
                continue;
            }
            if (failure == null) {
                int code = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
                store.deleteDelivered(entry.reportId());
                status.delivered("HTTP " + code, result.getProperty(DeliverySteps.BYTES, 0, Integer.class),
                        clock.instant());
                LOG.debug("Stored report {} delivered on replay: HTTP {}", entry.reportId(), code);
                delivered++;
                continue;
            }
            if (failure instanceof HttpOperationFailedException http
                    && !HttpStatusPolicy.isRetryable(http.getStatusCode())) {
                store.reject(entry.reportId(), outcome, 1, steps.excerpt(http.getResponseBody()));
                status.rejected(outcome, clock.instant());
                LOG.warn("Stored report {} rejected by the collector on replay ({}{}); kept as rejected",
                        entry.reportId(), outcome, steps.answerForLog(http));
                continue;
            }
            store.recordFailure(entry.reportId(), outcome, 1);
            status.failed(outcome, clock.instant());
            LOG.info("Replay stopped: the collector is still unreachable ({}{}); {} report(s) remain stored", outcome,
                    steps.answerForLog(failure), store.pending().size());
            break;
        }
        return delivered;
    }

    private Exchange send(DeadLetter entry) {
        byte[] body = store.body(entry.reportId());
        return template.send("direct:ceip-send", exchange -> {
            exchange.setProperty(ReportSteps.REPORT_ID, entry.reportId());
            exchange.setProperty(DeliverySteps.BYTES, body.length);
            exchange.getIn().setBody(body);
        });
    }
}
