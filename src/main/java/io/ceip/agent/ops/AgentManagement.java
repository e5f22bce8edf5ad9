package io.ceip.agent.ops;

import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeliveryQueue;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.report.ConsentUnknownException;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/**
 * The agent over JMX, registered as {@value #OBJECT_NAME}, beside Camel's MBeans: what it is, what it did last, and
 * the operations an administrator needs. One-line answers, never stack traces nor report content but the preview.
 */
@ManagedResource(description = "CEIP telemetry agent")
public class AgentManagement {

    /** The JMX name; stable across versions. */
    public static final String OBJECT_NAME = "org.apache.camel:context=ceip-agent,type=ceip,name=agent";

    /** What the management operations work with. */
    public record Parts(InstallationId installationId, String agentVersion, String schedule,
            Supplier<Optional<Instant>> nextFireTime, ConsentPolicy consent, AgentStatus status, DeliveryQueue queue,
            ReportPreview preview, ReportExport export, RejectedRequeue requeue, Supplier<String> health,
            ProducerTemplate template) {
    }

    private final Parts parts;
    private final ReplayNow replays;

    public AgentManagement(Parts parts) {
        this.parts = parts;
        this.replays = new ReplayNow(parts.template(), parts.queue());
    }

    @ManagedAttribute(description = "Anonymous installation ID (empty until the first report)")
    public String getInstallationId() {
        return parts.installationId().existing().map(UUID::toString).orElse("");
    }

    @ManagedAttribute(description = "Agent version")
    public String getAgentVersion() {
        return parts.agentVersion();
    }

    @ManagedAttribute(description = "Report schedule (Quartz cron, with this installation's offset)")
    public String getSchedule() {
        return parts.schedule();
    }

    @ManagedAttribute(description = "Next time the schedule fires (ISO-8601), empty when the schedule is off")
    public String getNextFireTime() {
        return parts.nextFireTime().get().map(Instant::toString).orElse("");
    }

    @ManagedAttribute(description = "Effective consent level: off, basic or full; undecided when a file it is decided"
            + " from failed (a change is audited now)")
    public String getConsentLevel() {
        try {
            return parts.consent().decide().level().id();
        } catch (RuntimeException e) {
            return "undecided";
        }
    }

    @ManagedAttribute(description = "Where the effective consent level comes from, or why it cannot be decided (a"
            + " change is audited now)")
    public String getConsentSource() {
        try {
            return parts.consent().decide().source();
        } catch (RuntimeException e) {
            return "cannot be decided: " + ConsentUnknownException.reason(e);
        }
    }

    @ManagedAttribute(description = "ID of the last report collected")
    public String getLastReportId() {
        return parts.status().lastReportId();
    }

    @ManagedAttribute(description = "Time of the last delivery attempt (ISO-8601)")
    public String getLastAttemptTime() {
        return text(parts.status().lastAttempt());
    }

    @ManagedAttribute(description = "Time of the last successful delivery (ISO-8601)")
    public String getLastSuccessTime() {
        return text(parts.status().lastSuccess());
    }

    @ManagedAttribute(description = "Outcome of the last delivery attempt: HTTP status or error class")
    public String getLastStatus() {
        return parts.status().lastStatus();
    }

    @ManagedAttribute(description = "Reports delivered since start")
    public long getReportsSent() {
        return parts.status().sent();
    }

    @ManagedAttribute(description = "Delivery cycles that failed since start (reports kept for replay)")
    public long getReportsFailed() {
        return parts.status().failed();
    }

    @ManagedAttribute(description = "Reports rejected by the collector since start")
    public long getReportsRejected() {
        return parts.status().rejected();
    }

    @ManagedAttribute(description = "Gzip bytes delivered since start")
    public long getBytesSent() {
        return parts.status().bytesSent();
    }

    @ManagedAttribute(description = "Reports in the dead-letter store waiting to be re-sent")
    public long getDeadLetterPending() {
        return parts.queue().kept().count(DeadLetter.PENDING);
    }

    @ManagedAttribute(description = "Reports in the dead-letter store refused by the collector")
    public long getDeadLetterRejected() {
        return parts.queue().kept().count(DeadLetter.REJECTED);
    }

    @ManagedAttribute(description = "Bytes of the reports in the dead-letter store")
    public long getDeadLetterBytes() {
        return parts.queue().store().totalBytes();
    }

    @ManagedAttribute(description = "Reports evicted from the full dead-letter store since start")
    public long getDeadLetterEvicted() {
        return parts.queue().store().evicted();
    }

    @ManagedAttribute(description = "Files the dead-letter store did not write, set aside since start; never sent")
    public long getDeadLetterQuarantined() {
        return parts.queue().store().quarantined();
    }

    @ManagedAttribute(description = "Reports lost since start (not written to the dead-letter store, memory full)")
    public long getLostReports() {
        return parts.status().lostReports();
    }

    @ManagedAttribute(description = "Duration of the last collection in milliseconds (-1: none yet)")
    public long getLastCollectionDurationMillis() {
        return parts.status().lastCollectionMillis();
    }

    @ManagedAttribute(description = "Whether the last collection was partial")
    public boolean isLastCollectionPartial() {
        return parts.status().lastCollectionPartial();
    }

    @ManagedAttribute(description = "Whether the report of the last delivery attempt was partial: empty, or its"
            + " failures as send says them (kept across restarts by the ledger)")
    public String getLastAttemptPartial() {
        return parts.status().lastAttemptPartial().said().trim();
    }

    @ManagedAttribute(description = "Health: UP, or DOWN with the failing checks")
    public String getHealth() {
        return parts.health().get();
    }

    @ManagedOperation(description = "Collect and deliver a report now; returns its ID and what happened: delivered,"
            + " stored for retry, rejected, or not sent and why")
    public String sendNow() {
        return answer("Failed: ", () -> SendAnswer.of(parts.template().send("direct:ceip-report", e -> { })).line());
    }

    @ManagedOperation(description = "The JSON that would be sent now, after consent and redaction; nothing is sent."
            + " First a line 'Would not be sent: …' when the report cycle would not send it (invalid, too big)")
    public String preview() {
        return answer("Preview failed: ", () -> parts.preview().previewSaid());
    }

    @ManagedOperation(description = "Set the consent level (off, basic or full); kept across restarts; off deletes the"
            + " kept reports unsent at once")
    public String setConsent(String level) {
        try {
            ConsentLevel chosen = ConsentLevel.parse(level);
            ConsentDecision decision = parts.consent().set(chosen, JmxCaller.name());
            return "Consent set to " + chosen.id() + "; effective: " + decision + replays.withdrawn(decision);
        } catch (IllegalArgumentException e) {
            return "Not changed: " + e.getMessage();
        } catch (RuntimeException e) {
            return "Not changed: " + e.getClass().getSimpleName();
        }
    }

    @ManagedOperation(description = "Re-send the pending dead letters now, least recently tried first")
    public String replayDeadLetters() {
        return answer("Replay failed: ", replays::answer);
    }

    @ManagedOperation(description = "Put the rejected dead letters back to pending, to be re-sent (in the ledger)")
    public String requeueRejected() {
        return answer("Requeue failed: ", () -> parts.requeue().requeue("JMX"));
    }

    @ManagedOperation(description = "Delete the rejected dead letters unsent, each in the ledger as DISCARDED")
    public String discardRejected() {
        return answer("Discard failed: ", () -> parts.requeue().discard("JMX"));
    }

    @ManagedOperation(description = "Delete every report in the dead-letter store unsent (each in the ledger: PURGED)")
    public String purgeDeadLetters() {
        return answer("Purge failed: ", () -> parts.requeue().purge("JMX"));
    }

    @ManagedOperation(description = "Write the next report as a new gzip file (plus a .json sidecar) under the data"
            + " directory, for manual upload; the path is absolute or relative to the data directory and ends in .gz")
    public String exportReport(String path) {
        if (path == null || path.isBlank()) {
            return "Not exported: a file path is required";
        }
        try {
            return parts.export().exportUnderDataDirectory(path);
        } catch (RuntimeException e) {
            return "Not exported: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** The operation's answer, or {@code failure} and the class of what it threw (never a stack trace). */
    private static String answer(String failure, Supplier<String> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return failure + e.getClass().getSimpleName();
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
