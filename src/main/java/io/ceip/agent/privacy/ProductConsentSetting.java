package io.ceip.agent.privacy;

import java.util.Optional;

/** The product's own consent setting (for example an option in its database); empty when not set there. */
@FunctionalInterface
public interface ProductConsentSetting {

    /** Reads the setting; an exception means it could not be read. */
    Optional<ConsentLevel> read() throws Exception;

    /** An administrator changed consent: a failed read is not held against the next one (none is held by default). */
    default void askAgain() {
    }
}
