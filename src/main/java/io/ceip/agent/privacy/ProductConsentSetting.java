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

    /**
     * The setting as a process that does not read the product's database sees it (the {@code consent} command): never
     * known, so a decision it would take part in is undecided, and that is no failure to say.
     */
    ProductConsentSetting NOT_READ_HERE = () -> {
        throw new NotReadHere();
    };

    /** Thrown by {@link #NOT_READ_HERE}: the setting was not read, not found unreadable. */
    final class NotReadHere extends Exception {
        private static final long serialVersionUID = 1L;

        NotReadHere() {
            super("the product's consent setting is read by the agent only", null, false, false);
        }
    }
}
