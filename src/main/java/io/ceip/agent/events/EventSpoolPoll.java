package io.ceip.agent.events;

import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll strategy of the spool's file consumer ({@code pollStrategy: "#eventSpoolPoll"}): before each poll it reads
 * the effective consent, audits a change it is the first to notice (before it tells the product: a full consent
 * begins no later than the product may record under it), writes it to the {@link ConsentLevelFile} when it changed,
 * and lets the poll read files only at {@code full}. Below full the spool is emptied unread and the
 * aggregate dropped ({@link EventSpool#deleteUnread()}), and the poll reads nothing. After the poll ({@code commit})
 * what its files held is flushed once and only then are they deleted ({@link EventSpool#endOfPoll()}); a failed
 * poll ({@code rollback}) leaves them, read again at the next poll. The route polls greedily (again at once after a
 * poll that read files); a poll after one that left a file in the spool (its flush or a delete failed) is skipped,
 * so that such a file is read again only after the poll interval, never in a busy loop.
 */
public final class EventSpoolPoll implements PollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(EventSpoolPoll.class);

    /** The most entries the spool may hold for a poll to list it ({@link #EventSpoolPoll(ConsentPolicy,
     * ConsentLevelFile, EventSpool, long)}): Camel's file consumer makes an object of each, hidden ones too. */
    public static final long MAX_ENTRIES = 100_000;

    private static final String BACK = "Events: the spool's polls are back to normal";

    private final ConsentPolicy consent;
    private final ConsentLevelFile levelFile;
    private final EventSpool spool;
    private final long maxEntries;
    private final OncePerCause problem = new OncePerCause(LOG);
    private final OncePerCause spoolMade = new OncePerCause(LOG);
    /** Polls begun so far; the number of the last one that found nothing more to read now (guarded by this). */
    private long polls;
    private long caughtUp;

    public EventSpoolPoll(ConsentPolicy consent, ConsentLevelFile levelFile, EventSpool spool) {
        this(consent, levelFile, spool, MAX_ENTRIES);
    }

    /** With a bound of its own: a poll lists the spool only while it holds at most {@code maxEntries} entries. */
    EventSpoolPoll(ConsentPolicy consent, ConsentLevelFile levelFile, EventSpool spool, long maxEntries) {
        this.consent = consent;
        this.levelFile = levelFile;
        this.spool = spool;
        this.maxEntries = maxEntries;
    }

    /**
     * True when the spool may be read now (consent full); below full, empties it unread; while consent cannot be
     * decided (the product's setting could not be read), leaves it as it is, and the consent-level file says off (the
     * product records nothing more meanwhile, so the spool does not grow while it is not read).
     */
    public boolean mayRead() {
        Object seen = levelFile.seen();
        spool.decides(); // a withdrawal after this drops what the poll reads
        EventsBoundary.Mark mark = spool.told.mark();
        ConsentDecision decision = consent.decide();
        ConsentLevel level = decision.level();
        if (level == ConsentLevel.FULL && !decision.undecided()) { // before the product is told: by the audit's order
            spool.told.before(mark);
        } else if (!decision.undecided()) { // undecided withdraws nothing: what the spool holds waits
            spool.told.notFull();
        }
        if (!levelFile.observe(level, seen) || decision.undecided()) { // changed while deciding: the next poll decides
            return false;
        }
        if (level != ConsentLevel.FULL) {
            spool.deleteUnread();
            return false;
        }
        try { // one line until it is made: a poll comes every few seconds
            SpoolDirectory.ensure(spool.directory());
            spoolMade.goneUnless(false, "Events: the spool " + OwnerOnlyFiles.shown(spool.directory()) + " is a"
                    + " directory again");
        } catch (IOException e) {
            spoolMade.warn(e.getCause() != null ? e.getMessage() : e.getClass().getSimpleName(), null, "Events: the"
                    + " spool {} cannot be made ({})", OwnerOnlyFiles.shown(spool.directory()));
        }
        return true;
    }

    /**
     * The agent's start decided consent full ({@code mark}: the audit's before that decision) and tells the product
     * next, before any poll: the spool's files written before are deleted unread first ({@link FullConsentTold}).
     */
    public void startsFull(EventsBoundary.Mark mark) {
        spool.told.before(mark);
    }

    /**
     * The spool is not read ({@code ceip.events.enabled=false}, the HTTP intake on): no decision deletes anything in
     * its directory ({@link FullConsentTold#spoolNotRead}).
     */
    public void spoolNotRead() {
        spool.told.spoolNotRead();
    }

    /**
     * The agent's start decided off or basic, or an administrator lowered consent here (JMX {@code setConsent}), and
     * the product is told so: see {@link FullConsentTold#notFull}.
     */
    public void startsBelowFull() {
        spool.told.notFull();
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        synchronized (this) {
            polls++;
        }
        spool.dropPoll(); // nothing is left of a poll that did not end: its files are read again
        boolean read = !spool.leftFiles() && mayListNow(); // a poll after one that left a file waits its interval
        if (!read) {
            caughtUp();
        }
        return read;
    }

    /**
     * {@link #mayRead()}, and the spool holds at most {@code maxEntries} entries (counted with a bound, never listed
     * whole). Whatever fails here (a damaged consent setting, a spool that cannot be listed) reads nothing and deletes
     * nothing: one WARN line until its cause changes, or until a poll may list the spool again.
     */
    private boolean mayListNow() {
        try {
            if (!mayRead()) {
                problem.goneUnless(false, BACK);
                return false;
            }
            if (SpoolDirectory.holdsMore(spool.directory(), maxEntries)) {
                problem.warn("more than " + maxEntries + " entries", null, "Events: the spool {} is not read: it holds"
                        + " {} (hidden and other names count too; listing them all would exhaust the heap): move"
                        + " or delete what is not the product's", OwnerOnlyFiles.shown(spool.directory()));
                return false;
            }
        } catch (IOException | RuntimeException e) {
            String why = e instanceof IOException ? "it cannot be listed (" + e.getClass().getSimpleName() + ")"
                    : OncePerCause.why(e);
            if (e instanceof RuntimeException) { // consent unknown: the product records nothing meanwhile
                levelFile.observe(ConsentLevel.OFF);
            }
            problem.warn(why, e, "Events: the spool is neither read nor emptied now: {}");
            return false;
        }
        problem.goneUnless(false, BACK);
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        spool.endOfPoll();
        if (polledMessages == 0) {
            caughtUp();
        }
    }

    /**
     * Waits until a poll found nothing more to read now (the spool read to its end, or not to be read: consent below
     * full, undecided, a file left by a failed poll), at most {@code timeout}: what {@code send} does before it
     * reports, so that the events spooled when it started go with its report. Every poll counts: the route's first
     * poll begins after this bean was made, which for {@code send} is after the command began (its route polls at once,
     * {@code ceip.events.initial-delay} 0).
     *
     * @return false when the time ran out first (what is left goes with the next report)
     */
    public synchronized boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (caughtUp == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void caughtUp() {
        caughtUp = polls;
        notifyAll();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        spool.dropPoll();
        caughtUp(); // nothing more is read before the next poll
        problem.warn(OncePerCause.why(cause), cause, "Events: the spool poll failed; tried again at the next poll: {}");
        return false;
    }
}
