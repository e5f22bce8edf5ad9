package io.ceip.agent.privacy;

import io.ceip.agent.util.DatabaseAdvice;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link ConsentPolicy} says of the product's own consent setting ({@code ceip.consent.query}), each once until
 * it changes (a poll decides every few seconds): that it cannot be read and why, and that its {@code off} wins over a
 * runtime consent. Logged as the policy's lines. Thread-safe (at worst a line said twice).
 */
final class ProductConsentSaid {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentPolicy.class);

    /** Why the product's setting could not be read last time (said once until it is read again), or null. */
    private volatile String productFailure;
    /** Whether the product's setting said off at the last decision (its warning is said once). */
    private volatile boolean productOff;

    /** The setting was read. */
    void read() {
        productFailure = null;
    }

    /** The setting did not say off (or there is none). */
    void notOff() {
        productOff = false;
    }

    /**
     * The product's setting could not be read: undecided, said once until it is read again. A decision interrupted
     * while it waited for another caller's read (the agent stopping), or taken where the setting is not read
     * ({@link ProductConsentSetting#NOT_READ_HERE}), is undecided too, and not said: the setting was not found
     * unreadable.
     */
    ConsentDecision undecided(Exception e) {
        if (e instanceof InterruptedException || e instanceof ProductConsentSetting.NotReadHere) {
            return new ConsentDecision(ConsentLevel.OFF, ConsentDecision.UNDECIDED);
        }
        String failure = e instanceof IllegalArgumentException ? "its value is none of off, basic, full, 0, 1,"
                + " true, false, yes, no, enabled, disabled" : e.getClass().getSimpleName()
                + DatabaseAdvice.sqlState(e) + DatabaseAdvice.advice(e);
        if (!failure.equals(productFailure)) { // once, not at every decision (a poll asks every few seconds)
            LOG.warn("The product's consent setting (ceip.consent.query) could not be read ({}): nothing is"
                    + " collected or sent, and nothing kept is deleted, until it can", failure);
        }
        productFailure = failure;
        return new ConsentDecision(ConsentLevel.OFF, ConsentDecision.UNDECIDED);
    }

    /** The product says off over a runtime consent: said once, until the product says something else. */
    void overridden(Optional<ConsentSettingFile.Setting> runtime) {
        if (runtime.isPresent() && !productOff) {
            LOG.warn("The product's own consent setting is off: it wins over the {} consent given with the consent"
                    + " command or JMX setConsent (a withdrawal in the product is a withdrawal); nothing is collected"
                    + " or sent", runtime.get().level().id());
        }
        productOff = true;
    }
}
