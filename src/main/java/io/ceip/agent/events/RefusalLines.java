package io.ceip.agent.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines of the HTTP intake's refusals, one {@link RefusalTally} per kind (the first, then the first of each
 * second, with the count since start), logged as {@link EventIntake}'s. Never a request's content or the token.
 */
final class RefusalLines {

    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    final RefusalTally unauthorized = new RefusalTally((count, last) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) with no token or a wrong one refused (401) since start: send Authorization: Bearer and the"
            + " token in ceip.events.http.token-file", count));
    final RefusalTally urlParameters = new RefusalTally((count, last) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) with parameters in the URL refused (400) since start: send the token in the Authorization"
            + " header", count));
    final RefusalTally busy = new RefusalTally((count, inProgress) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) refused (503) since start: {} in progress already", count, inProgress));
    final RefusalTally connections = new RefusalTally((count, max) -> LOG.warn("Events: HTTP intake: {}"
            + " connection(s) closed as they opened since start: {} open already", count, max));
    final RefusalTally tooLarge = new RefusalTally((count, last) -> LOG.warn("Events: HTTP intake: {}"
            + " body(ies) refused (413) since start: more than ceip.events.http.max-body-bytes", count));
    final RefusalTally tooManyLines = new RefusalTally((count, last) -> LOG.warn("Events: HTTP intake: {}"
            + " body(ies) refused (413) since start: more than ceip.events.http.max-lines", count));
    final RefusalTally wrongType = new RefusalTally((count, last) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) refused (415) since start: send application/x-ndjson, UTF-8, not encoded", count));
    final RefusalTally notFull = new RefusalTally((count, level) -> LOG.info("Events: HTTP intake: {}"
            + " request(s) discarded unread (403) since start: consent is {}, not full (the product should stop"
            + " sending while data/consent-level is not full)", count, level));
    final RefusalTally unreadable = new RefusalTally((count, last) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) that cannot be read since start (the last: {})", count, last));
    final RefusalTally failed = new RefusalTally((count, why) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) failed since start (the last: {}): answered 503", count, why));
    final RefusalTally notOwned = new RefusalTally((count, last) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) refused (503) since start: this process does not own the events (events.lock)", count));
    final RefusalTally tooSlow = new RefusalTally((count, seconds) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) whose body took more than {} s refused (408) since start", count, seconds));
    final RefusalTally repeated = new RefusalTally((count, last) -> LOG.warn("Events: HTTP intake: {}"
            + " request(s) with Authorization, Content-Type or Content-Encoding sent twice refused (400) since start",
            count));
    final RefusalTally brokeOff = new RefusalTally((count, last) -> LOG.info("Events: HTTP intake: {}"
            + " request(s) broke off before their body was read since start: nothing counted, not answered", count));
}
