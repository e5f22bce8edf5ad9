package io.ceip.agent.events;

import java.util.List;

/**
 * One accepted line of the spool, as the product wrote it ({@code event-v1.schema.json}). It lives only while its
 * line is aggregated: an event is never stored or sent as such, and its message is never kept at all.
 */
public sealed interface Event {

    /** {@code {"type":"feature","name":"dashboards.open"}}. */
    record Feature(String name) implements Event {
    }

    /** {@code {"type":"error","exception":"…","message":"…","frames":["…"]}}: the message is read and dropped. */
    record Error(String exception, List<String> frames) implements Event {
    }

    /** {@code {"type":"duration","operation":"deploy","millis":1234}}. */
    record Duration(String operation, long millis) implements Event {
    }
}
