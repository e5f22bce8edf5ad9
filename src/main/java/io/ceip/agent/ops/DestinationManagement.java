package io.ceip.agent.ops;

import io.ceip.agent.delivery.Destination;
import io.ceip.agent.delivery.Destinations;
import io.ceip.agent.delivery.ReplaySteps;
import io.ceip.agent.outbox.DeadLetter;

import java.time.Instant;
import java.util.function.BiFunction;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/**
 * A destination beside the vendor's over JMX, registered as {@code org.apache.camel:context=ceip-agent,type=ceip,
 * name=destination-<name>} (the vendor's figures stay on {@link AgentManagement}): its consent ceiling, what it did
 * last (its own status, from its own ledger), its own store (the figures {@link AgentManagement} gives of the vendor's:
 * pending, rejected, bytes, evicted, quarantined, lost), and the replay and preview of its copies. Never its URL or
 * token; answers are one line, never a stack trace.
 */
@ManagedResource(description = "CEIP telemetry agent: a destination beside the vendor's")
public class DestinationManagement {

    private final Destination destination;
    private final DestinationPreview preview;
    private final ProducerTemplate template;
    private final long maxBytes;

    /** @param maxBytes {@code ceip.report.max-bytes}, which a requeue's answer names ({@link RejectedRequeue}) */
    public DestinationManagement(Destination destination, DestinationPreview preview, ProducerTemplate template,
            long maxBytes) {
        this.destination = destination;
        this.preview = preview;
        this.template = template;
        this.maxBytes = maxBytes;
    }

    /** The JMX name of {@code destination}'s bean. */
    public static String objectName(Destination destination) {
        return "org.apache.camel:context=ceip-agent,type=ceip,name=destination-" + destination.name();
    }

    @ManagedAttribute(description = "The destination's name (customer)")
    public String getDestination() {
        return destination.name();
    }

    @ManagedAttribute(description = "The most its copies carry: the lower of this and the effective consent")
    public String getConsentCeiling() {
        return destination.ceiling().id();
    }

    @ManagedAttribute(description = "Outcome of its last delivery attempt (HTTP status or error class)")
    public String getLastStatus() {
        return destination.status().lastStatus();
    }

    @ManagedAttribute(description = "Whether the report of the last delivery attempt was partial: empty, or its"
            + " failures as send says them (kept across restarts by the ledger)")
    public String getLastAttemptPartial() {
        return destination.status().lastAttemptPartial().said().trim();
    }

    @ManagedAttribute(description = "Time of its last delivery attempt (ISO-8601)")
    public String getLastAttemptTime() {
        return text(destination.status().lastAttempt());
    }

    @ManagedAttribute(description = "Time of its last delivery (ISO-8601; kept across restarts by its ledger)")
    public String getLastSuccessTime() {
        return text(destination.status().lastSuccess());
    }

    @ManagedAttribute(description = "Copies delivered (2xx) since start")
    public long getReportsSent() {
        return destination.status().sent();
    }

    @ManagedAttribute(description = "Delivery cycles of its copies that ended without delivering, since start")
    public long getReportsFailed() {
        return destination.status().failed();
    }

    @ManagedAttribute(description = "Copies refused by its endpoint, kept as rejected, since start")
    public long getReportsRejected() {
        return destination.status().rejected();
    }

    @ManagedAttribute(description = "Copies waiting in its own store for delivery")
    public long getDeadLetterPending() {
        return destination.queue().kept().count(DeadLetter.PENDING);
    }

    @ManagedAttribute(description = "Copies in its own store refused by its endpoint")
    public long getDeadLetterRejected() {
        return destination.queue().kept().count(DeadLetter.REJECTED);
    }

    @ManagedAttribute(description = "Bytes of the copies in its own store")
    public long getDeadLetterBytes() {
        return destination.queue().store().totalBytes();
    }

    @ManagedAttribute(description = "Copies evicted from its own full store since start")
    public long getDeadLetterEvicted() {
        return destination.queue().store().evicted();
    }

    @ManagedAttribute(description = "Files its own store did not write, set aside since start; never sent")
    public long getDeadLetterQuarantined() {
        return destination.queue().store().quarantined();
    }

    @ManagedAttribute(description = "Copies lost since start (not written to its own store, memory full)")
    public long getLostReports() {
        return destination.status().lostReports();
    }

    @ManagedAttribute(description = "Gzip bytes of its copies delivered since start")
    public long getBytesSent() {
        return destination.status().bytesSent();
    }

    @ManagedOperation(description = "Re-send its pending copies now, least recently tried first")
    public String replayDeadLetters() {
        try {
            Exchange replay = template.send("direct:ceip-replay-due",
                    exchange -> exchange.setProperty(Destinations.PROPERTY, destination.name()));
            ReplaySteps.Tally tally = replay.getProperty(ReplaySteps.TALLY, ReplaySteps.Tally.class);
            return ReplayNow.said(tally == null ? new ReplaySteps.Tally() : tally,
                    destination.queue().kept().count(DeadLetter.PENDING));
        } catch (RuntimeException e) {
            return "Replay failed: " + e.getClass().getSimpleName();
        }
    }

    @ManagedOperation(description = "Put its copies its endpoint refused back in line (each in its ledger as"
            + " REQUEUED), once the cause is fixed")
    public String requeueRejected() {
        return kept("Requeue", RejectedRequeue::requeue);
    }

    @ManagedOperation(description = "Delete its copies its endpoint refused, unsent (each in its ledger as DISCARDED)")
    public String discardRejected() {
        return kept("Discard", RejectedRequeue::discard);
    }

    @ManagedOperation(description = "Delete every copy in its own store unsent (each in its ledger as PURGED)")
    public String purgeDeadLetters() {
        return kept("Purge", RejectedRequeue::purge);
    }

    private String kept(String what, BiFunction<RejectedRequeue, String, String> operation) {
        try {
            return operation.apply(new RejectedRequeue(destination.queue(), destination.ledger(), maxBytes), "JMX, "
                    + destination.label());
        } catch (RuntimeException e) {
            return what + " failed: " + e.getClass().getSimpleName();
        }
    }

    @ManagedOperation(description = "The report its copy would carry now (JSON, after consent, ceiling and redaction;"
            + " first a line 'Would not be sent: …' when the report cycle would not send it)")
    public String preview() {
        try {
            StringBuilder why = new StringBuilder();
            String json = preview.preview(destination.name(), null, null, why::append);
            return why.isEmpty() ? json : "Would not be sent: " + why + "\n" + json;
        } catch (RuntimeException e) {
            return "Preview failed: " + e.getClass().getSimpleName();
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
