package io.ceip.agent.delivery;

/**
 * Consent cannot be decided right before a request (the product's setting could not be read): the report is not sent
 * and stays kept as it is, for a later replay ({@link ConsentGate#held}). Not a withdrawal: nothing is deleted.
 */
public final class ConsentUndecidedException extends Exception {

    public ConsentUndecidedException() {
        super("consent cannot be decided: the product's consent setting could not be read");
    }
}
