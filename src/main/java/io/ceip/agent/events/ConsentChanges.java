package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An administrator's change of consent, followed by the product events and told to the product ({@code
 * consent-level}) at once, not at the spool's next poll ({@code ceip.events.poll-interval}): made in this process (JMX
 * {@code setConsent}: {@link #changed}, before the operation returns) or by the {@code consent} command, a process of
 * its own that writes {@code data/consent} ({@link #check}: the route {@code ceip-consent-watch} looks every second,
 * one {@code stat}). A decision below full drops the window, its file and what polls and requests read under full and
 * have not added ({@link EventStore#lowered}); a decision of full first deletes unread what the product wrote to the
 * spool while it was told off or basic ({@link FullConsentTold}), then tells it {@code full}. In both, a decision taken
 * before does not write over the file ({@link ConsentLevelFile#changedHere}), so the product is told the level in
 * force (before, a raise over JMX was told at the next poll: a lowering and a raise at once left it told basic). The
 * product's own setting ({@code ceip.consent.query}) is not watched: the first decision that notices it (a poll, a
 * request) does the same. Inactive ({@link #check} does nothing) in a process that does not own the events.
 */
public final class ConsentChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentChanges.class);

    private final ConsentPolicy consent;
    private final ConsentLevelFile levelFile;
    private final EventSpool spool;
    private final EventStore store;
    private final Path setting;
    private volatile boolean active;
    private Object seen; // data/consent as the last look that told the product found it (guarded by this)

    /** @param setting the administrator's setting the {@code consent} command writes ({@code data/consent}) */
    public ConsentChanges(ConsentPolicy consent, ConsentLevelFile levelFile, EventSpool spool, EventStore store,
            Path setting) {
        this.consent = consent;
        this.levelFile = levelFile;
        this.spool = spool;
        this.store = store;
        this.setting = setting;
    }

    /** This process owns the events and tells the product: {@link #check} looks from now on. */
    public synchronized void activate() {
        seen = state(); // decided and told at start already
        active = true;
    }

    /**
     * An administrator's change in this process, audited ({@link ConsentPolicy#onChange}, on the caller's thread): a
     * lowering below full is followed at once, whatever another process does meanwhile; a raise is decided again and
     * told ({@link #tell}; when that fails, {@link #check} tells it within a second). Undecided withdraws nothing: the
     * next poll or request tells the product off.
     */
    public synchronized void changed(ConsentDecision changed) {
        if (changed.undecided()) {
            return;
        }
        if (changed.level() != ConsentLevel.FULL) {
            store.lowered();
            spool.told.notFull();
            levelFile.lowered(changed.level());
        } else {
            try {
                tell();
            } catch (RuntimeException undecidable) { // the change stands (audited): the next look tells the product
                LOG.debug("Events: consent cannot be decided after an administrator's change", undecidable);
            }
        }
    }

    /**
     * Whether {@code data/consent} changed since the last look that told the product (one {@code stat}): the route's
     * scheduler runs {@link #check} only then, so that an agent left alone makes no exchange a second (camel-main's
     * {@code camel.durationIdle}, which {@code mvn camel:run} is documented with, never saw it idle).
     */
    public synchronized boolean changedSinceLastLook() {
        return active && !state().equals(seen);
    }

    /**
     * One look at {@code data/consent} (the route's scheduler): when it changed since the last look, consent is decided and
     * told ({@link #tell}); looked at again the next time when another process wrote {@code consent-level} meanwhile. A
     * setting that cannot be decided (damaged, an audit log that cannot be read) tells the product {@code off} and
     * drops nothing; the poll and the requests say why (never what the file holds).
     */
    public synchronized void check() {
        if (!active) {
            return;
        }
        Object now = state();
        if (now.equals(seen)) {
            return;
        }
        try {
            if (tell()) {
                seen = now;
            }
        } catch (RuntimeException undecidable) {
            levelFile.observe(ConsentLevel.OFF);
            seen = now;
            LOG.debug("Events: consent cannot be decided after data/consent changed", undecidable);
        }
    }

    /** {@code data/consent}'s identity, time and size; {@code absent}; one state (not a new one) when not readable. */
    private Object state() {
        Object state = ConsentLevelFile.stateOf(setting);
        return state instanceof java.util.List || state.equals("absent") ? state : "unreadable"; // a poll says why
    }

    /**
     * Decides consent and tells the product, as a poll does before it reads, reading nothing; false when another
     * process wrote {@code consent-level} while it decided (nothing written: decided again at the next look).
     */
    private boolean tell() {
        Object told = levelFile.seen();
        EventsBoundary.Mark mark = spool.told.mark();
        ConsentDecision decision = consent.decide();
        if (decision.undecided()) {
            levelFile.observe(ConsentLevel.OFF, told); // the product records nothing more meanwhile
            return true;
        }
        if (decision.level() == ConsentLevel.FULL) {
            spool.told.before(mark); // what the product wrote while told off or basic: deleted unread first
        } else {
            store.lowered();
            spool.told.notFull();
        }
        return levelFile.changedHere(decision.level(), told);
    }
}
