package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loopback HTTP intake of product events (route {@code ceip-events-http}, {@code ceip.events.http.enabled}): a
 * {@code POST} of the JSON lines a spool file holds, read by the same code ({@link EventLines}) into the same
 * aggregate ({@link EventStore}), flushed before the answer. {@link #receive} answers, in this order:
 * <ul>
 * <li>{@code 401} without {@code Authorization: Bearer <token>} ({@link IntakeToken}, compared in constant time;
 * logged for the first and then the first of each second);</li>
 * <li>{@code 415} unless the content type is {@code application/x-ndjson} or {@code application/jsonl} (a
 * {@code charset} other than UTF-8 refused too) and the body is not encoded ({@code Content-Encoding} absent or
 * {@code identity}: gzip is not accepted);</li>
 * <li>{@code 503} when this process does not own the events ({@link #leftToAnother}): nothing read or kept;</li>
 * <li>{@code 403} when consent is below full: the body is not parsed and nothing is kept (the aggregate dropped, as
 * the spool is emptied unread);</li>
 * <li>{@code 413} past {@code maxBodyBytes} (counted while reading) or {@code maxLines} lines: nothing counted;</li>
 * <li>{@code 400} when the body has lines and none is an event (they are counted as refused);</li>
 * <li>{@code 503} when the aggregate cannot be flushed (nothing counted: send again later);</li>
 * <li>else {@code 202} with {@code {"accepted":n,"skipped":m}}: bad lines are counted and skipped.</li>
 * </ul>
 * Every answer is a short fixed JSON text: never an exception's text, a line's content or the token. What the HTTP
 * server refuses before {@link #receive} runs (a body over {@code ceip.events.http.max-body-bytes} as it arrives, a
 * request it cannot read, a header sent twice, a client hanging up mid-body) is answered and logged alike through the
 * other methods. Each kind of refusal is logged for the first, then the first of each second ({@link RefusalTally}).
 * Thread-safe.
 */
public final class EventIntake {

    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    /** The HTTP status and JSON body of an answer. */
    public record Answer(int status, String body) {
    }

    private final EventStore store;
    private final EventRecorder recorder;
    private final EventSpool counters;
    private final ConsentPolicy consent;
    private final ConsentLevelFile levelFile;
    private final IntakeToken token;
    private final Bounds bounds;
    private final RefusalLines refusals = new RefusalLines();
    private volatile boolean foreign;

    /** The bounds as the settings give them: {@code ceip.events.max-line-bytes}, {@code ceip.events.http.*}. */
    public record Bounds(int maxLineBytes, long maxBodyBytes, long maxLines) {
    }

    public EventIntake(EventStore store, EventRecorder recorder, EventSpool counters, ConsentPolicy consent,
            ConsentLevelFile levelFile, IntakeToken token, Bounds bounds) {
        this.store = store;
        this.recorder = recorder;
        this.counters = counters;
        this.consent = consent;
        this.levelFile = levelFile;
        this.token = token;
        this.bounds = bounds;
    }

    /**
     * What a request's headers alone refuse, asked before its body is read (by the HTTP server's first handlers, so
     * that a request without the token never has its body held) and again here: no {@code Authorization: Bearer}
     * with the token, 401 (a warning for the first, then the first of each second, with the count since start);
     * another content type or an encoded body, 415. Empty when the headers are fine.
     */
    public Optional<Answer> refusedOnHeaders(String authorization, String contentType, String contentEncoding) {
        if (!token.matches(authorization)) {
            refusals.unauthorized.count(null);
            return Optional.of(new Answer(401, "{\"error\":\"unauthorized\"}"));
        }
        if (!IntakeContentType.jsonLines(contentType) || !(contentEncoding == null || contentEncoding.isBlank()
                || contentEncoding.strip().equalsIgnoreCase("identity"))) {
            refusals.wrongType.count(null);
            return Optional.of(new Answer(415, "{\"error\":\"send application/x-ndjson, UTF-8, not encoded\"}"));
        }
        return Optional.empty();
    }

    /**
     * A request past the requests the intake serves at once: 503, nothing read; a warning for the first, then the
     * first of each second.
     */
    public Answer busy(int inProgress) {
        refusals.busy.count(inProgress);
        return new Answer(503, "{\"error\":\"busy, send again later\"}");
    }

    /**
     * A connection past the {@code max} the HTTP server holds open at once, closed as it opened: a warning for the
     * first, then the first of each second.
     */
    public void connectionsRefused(int max) {
        refusals.connections.count(max);
    }

    /** This process does not own the events ({@link EventStore#leftToAnother}): every request is answered 503. */
    public void leftToAnother() {
        foreign = true;
    }

    /** Answers one request; {@code body} may be null (no body), and is read to its end or a bound, never beyond. */
    public Answer receive(InputStream body, String authorization, String contentType, String contentEncoding) {
        Optional<Answer> refused = refusedOnHeaders(authorization, contentType, contentEncoding);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (foreign) { // its reports would never carry them: the product keeps them and sends them again
            refusals.notOwned.count(null);
            return new Answer(503, "{\"error\":\"events are not taken by this agent now, send again later\","
                    + "\"accepted\":0}");
        }
        Object seen = levelFile.seen();
        ConsentDecision decision;
        Optional<Instant> withdrawal;
        EventsBoundary.Mark decidedAt; // the mark before the decision: a withdrawal after it drops what is read
        try { // a damaged consent setting, an audit log that cannot be read: 503 as any storage failure, never a 500
            decidedAt = store.readStarts();
            decision = consent.decide(); // audited before consent-level tells the product
            withdrawal = decision.level() == ConsentLevel.FULL ? store.lastWithdrawal() : Optional.empty();
        } catch (RuntimeException e) {
            return failed(OncePerCause.why(e));
        }
        ConsentLevel level = decision.level();
        if (level == ConsentLevel.FULL && !decision.undecided()) { // the spool's files before it: FullConsentTold
            counters.told.before(decidedAt);
        } else if (!decision.undecided()) {
            counters.told.notFull();
        }
        // off while undecided (the product records nothing more meanwhile); not written when another process wrote it
        // while this decision was taken (a consent off): the product sends again, and the next decision counts
        if (!levelFile.observe(level, seen) || decision.undecided()) { // nothing kept is dropped
            refusals.failed.count("consent cannot be decided");
            return new Answer(503, "{\"error\":\"consent cannot be decided now, send again later\",\"accepted\":0}");
        }
        if (level != ConsentLevel.FULL) { // what a poll or another request read under full is dropped too
            store.lowered();
            refusals.notFull.count(level.id());
            return new Answer(403, "{\"error\":\"consent is not full: events discarded unread\",\"accepted\":0}");
        }
        EventAggregate delta = store.empty();
        EventLines.Counted counted;
        try {
            counted = body == null ? new EventLines.Counted(0, 0, null, EventLines.Stop.NONE)
                    : new EventLines(recorder, bounds.maxLineBytes()).read(body, delta, bounds.maxBodyBytes(),
                            bounds.maxLines(), withdrawal);
        } catch (IOException e) {
            return unreadable(400, e.getClass().getSimpleName());
        }
        if (counted.stop() == EventLines.Stop.BYTES) {
            return tooLarge();
        }
        if (counted.stop() != EventLines.Stop.NONE) {
            refusals.tooManyLines.count(null);
            return new Answer(413, "{\"error\":\"too many lines\"}");
        }
        try {
            if (!store.add(delta, List.of(), decidedAt)) {
                refusals.notFull.count("off");
                return new Answer(403, "{\"error\":\"consent was withdrawn: events discarded\",\"accepted\":0}");
            }
        } catch (RuntimeException e) { // as the other refusals: the first, then the first of each second
            return failed("the aggregate cannot be flushed: " + OncePerCause.unwritable(store.file(), e, true));
        }
        counters.tally(counted.accepted(), counted.refused());
        String counts = "\"accepted\":" + counted.accepted() + ",\"skipped\":" + counted.refused();
        if (counted.refused() > 0) {
            LOG.warn("Events: HTTP intake: {} event(s) accepted, {} line(s) refused (first at {})", counted.accepted(),
                    counted.refused(), counted.firstProblem());
        }
        if (counted.accepted() == 0 && counted.refused() > 0) {
            return new Answer(400, "{\"error\":\"no line is an event\"," + counts + "}");
        }
        return new Answer(202, "{" + counts + "}");
    }

    /**
     * A body over {@code ceip.events.http.max-body-bytes}, refused while it was read (here or by the HTTP server as it
     * arrived, announced or chunked): 413, nothing counted; a warning for the first, then the first of each second.
     */
    public Answer tooLarge() {
        refusals.tooLarge.count(null);
        return new Answer(413, "{\"error\":\"body too large\"}");
    }

    /**
     * A request whose body cannot be read (here, or by the HTTP server: bad chunked framing, no {@code Host}, an
     * {@code Expect} it does not meet): {@code status} (a 4xx), nothing counted; a warning naming {@code why} (a class
     * or a status, never a message) for the first, then the first of each second.
     */
    public Answer unreadable(int status, String why) {
        refusals.unreadable.count(why + ", answered " + status);
        return new Answer(status, "{\"error\":\"body cannot be read\"}");
    }

    /**
     * A request the HTTP server, or the consent it is taken under, failed on ({@code why}: the failure's class, or
     * the file that failed and how): 503, nothing counted (send again later); a warning for the first, then the first
     * of each second.
     */
    public Answer failed(String why) {
        refusals.failed.count(why);
        return new Answer(503, "{\"error\":\"events cannot be stored now\"}");
    }

    /**
     * A request whose URL has parameters (Camel's server would take {@code ?Authorization=…} for the header, and a
     * token in a URL lands in histories and logs): 400, nothing read or counted; a warning never showing the URL, for
     * the first and then the first of each second, with the count since start.
     */
    public Answer urlParameters() {
        refusals.urlParameters.count(null);
        return new Answer(400, "{\"error\":\"no parameters in the URL\"}");
    }

    /**
     * A request whose body has not arrived {@code seconds} after its headers (a body trickling in holds one of the
     * requests read at once): 408, nothing counted; a warning for the first, then the first of each second.
     */
    public Answer tooSlow(int seconds) {
        refusals.tooSlow.count(seconds);
        return new Answer(408, "{\"error\":\"body too slow\"}");
    }

    /** {@code Authorization}, {@code Content-Type} or {@code Content-Encoding} sent twice: 400, before the body. */
    public Answer repeatedHeader() {
        refusals.repeated.count(null);
        return new Answer(400, "{\"error\":\"Authorization, Content-Type and Content-Encoding may each be sent"
                + " once\"}");
    }

    /** A client that hung up (or reset) before its body was read: nothing counted, nobody to answer. */
    public void brokeOff() {
        refusals.brokeOff.count(null);
    }
}
