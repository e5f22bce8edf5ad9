package io.ceip.agent.delivery;

import io.ceip.agent.privacy.ConsentDecision;

/** Consent became {@code off} between the collection of a report and its delivery: it must not be sent. */
public final class ConsentWithdrawnException extends Exception {

    private final transient ConsentDecision decision;

    public ConsentWithdrawnException(ConsentDecision decision) {
        super("consent is " + decision);
        this.decision = decision;
    }

    public ConsentDecision decision() {
        return decision;
    }
}
