package io.ceip.agent.delivery;

import io.ceip.agent.privacy.ConsentDecision;

import java.time.Instant;

/**
 * Consent became {@code off} between the collection of a report and its delivery, or was withdrawn after its
 * collection and given again since: it must not be sent. {@link #getMessage()} says why, for the log;
 * {@link #audited()} for the audit log.
 */
public final class ConsentWithdrawnException extends Exception {

    private final String audited;

    /** Consent is off now. */
    public ConsentWithdrawnException(ConsentDecision decision) {
        super("consent is " + decision, null, false, false);
        this.audited = "consent " + decision.level().id() + " source=" + decision.source();
    }

    /** Consent was withdrawn at {@code withdrawal}, after the report was collected; consent given since is newer. */
    public ConsentWithdrawnException(Instant withdrawal) {
        super("consent was withdrawn at " + withdrawal + ", after it was collected (consent given since covers only"
                + " what is collected since)", null, false, false);
        this.audited = "consent withdrawn at " + withdrawal + " after it was collected";
    }

    /** What the audit log says after {@code deleted unsent: }. */
    public String audited() {
        return audited;
    }
}
