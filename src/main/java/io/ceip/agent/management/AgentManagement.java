package io.ceip.agent.management;

import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.consent.ConsentDecision;
import io.ceip.agent.consent.ConsentLevel;
import io.ceip.agent.consent.ConsentPolicy;
import io.ceip.agent.delivery.AgentStatus;
import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.report.ReportPreview;
import io.ceip.agent.store.DeadLetter;
import io.ceip.agent.store.DeadLetterStore;

import java.time.Instant;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/**
 * The agent over JMX, registered as {@value #OBJECT_NAME}: what it is, what it did last, and the operations an
 * administrator needs. Answers are one-line messages, never stack traces, and never report content other than
 * the preview (which is the redacted report itself).
 */
@ManagedResource(description = "CEIP telemetry agent")
public class AgentManagement {

    /** The JMX name, next to Camel's own MBeans of the {@code ceip-agent} context. */
    public static final String OBJECT_NAME = "org.apache.camel:context=ceip-agent,type=ceip,name=agent";

    private final InstallationId installationId;
    private final String agentVersion;
    private final String schedule;
    private final ConsentPolicy consent;
    private final AgentStatus status;
    private final DeadLetterStore store;
    private final ReportPreview preview;
    private final ProducerTemplate template;

    public AgentManagement(InstallationId installationId, String agentVersion, String schedule, ConsentPolicy consent,
            AgentStatus status, DeadLetterStore store, ReportPreview preview, ProducerTemplate template) {
        this.installationId = installationId;
        this.agentVersion = agentVersion;
        this.schedule = schedule;
        this.consent = consent;
        this.status = status;
        this.store = store;
        this.preview = preview;
        this.template = template;
    }

    @ManagedAttribute(description = "Anonymous installation ID (empty until the first report)")
    public String getInstallationId() {
        return installationId.existing().map(UUID::toString).orElse("");
    }

    @ManagedAttribute(description = "Agent version")
    public String getAgentVersion() {
        return agentVersion;
    }

    @ManagedAttribute(description = "Report schedule (Quartz cron, with this installation's offset)")
    public String getSchedule() {
        return schedule;
    }

    @ManagedAttribute(description = "Effective consent level: off, basic or full")
    public String getConsentLevel() {
        return consent.decide().level().id();
    }

    @ManagedAttribute(description = "Where the effective consent level comes from")
    public String getConsentSource() {
        return consent.decide().source();
    }

    @ManagedAttribute(description = "ID of the last report collected")
    public String getLastReportId() {
        return status.lastReportId();
    }

    @ManagedAttribute(description = "Time of the last delivery attempt (ISO-8601)")
    public String getLastAttemptTime() {
        return text(status.lastAttempt());
    }

    @ManagedAttribute(description = "Time of the last successful delivery (ISO-8601)")
    public String getLastSuccessTime() {
        return text(status.lastSuccess());
    }

    @ManagedAttribute(description = "Outcome of the last delivery attempt: HTTP status or error class")
    public String getLastStatus() {
        return status.lastStatus();
    }

    @ManagedAttribute(description = "Reports delivered since start")
    public long getReportsSent() {
        return status.sent();
    }

    @ManagedAttribute(description = "Delivery cycles that failed since start (reports kept for replay)")
    public long getReportsFailed() {
        return status.failed();
    }

    @ManagedAttribute(description = "Reports rejected by the collector since start")
    public long getReportsRejected() {
        return status.rejected();
    }

    @ManagedAttribute(description = "Gzip bytes delivered since start")
    public long getBytesSent() {
        return status.bytesSent();
    }

    @ManagedAttribute(description = "Reports in the dead-letter store waiting to be re-sent")
    public long getDeadLetterPending() {
        return store.count(DeadLetter.PENDING);
    }

    @ManagedAttribute(description = "Reports in the dead-letter store refused by the collector")
    public long getDeadLetterRejected() {
        return store.count(DeadLetter.REJECTED);
    }

    @ManagedOperation(description = "Collect and deliver a report now; returns its ID and outcome")
    public String sendNow() {
        if (!consent.allowsCollection()) {
            return "Nothing sent: consent is off (from " + consent.decide().source() + ")";
        }
        try {
            Exchange result = template.send("direct:ceip-report", exchange -> { });
            String reportId = result.getProperty(DeliverySteps.REPORT_ID, String.class);
            if (result.getException() != null) {
                return "Report " + reportId + " failed: " + result.getException().getClass().getSimpleName();
            }
            return store.read(reportId)
                    .map(entry -> "Report " + reportId + " not delivered (" + entry.lastStatus() + "); stored as "
                            + entry.state())
                    .orElse("Report " + reportId + " delivered");
        } catch (RuntimeException e) {
            return "Failed: " + e.getClass().getSimpleName();
        }
    }

    @ManagedOperation(description = "The JSON that would be sent now, after consent and redaction; nothing is sent")
    public String preview() {
        try {
            return preview.preview();
        } catch (RuntimeException e) {
            return "Preview failed: " + e.getClass().getSimpleName();
        }
    }

    @ManagedOperation(description = "Set the consent level (off, basic or full); kept across restarts")
    public String setConsent(String level) {
        try {
            ConsentDecision decision = consent.set(ConsentLevel.parse(level));
            return "Consent set to " + ConsentLevel.parse(level).id() + "; effective: " + decision;
        } catch (IllegalArgumentException e) {
            return "Not changed: " + e.getMessage();
        } catch (RuntimeException e) {
            return "Not changed: " + e.getClass().getSimpleName();
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
