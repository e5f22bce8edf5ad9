package io.ceip.collector.validate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A report's {@code generatedAt} (the schema says only "a string"; the agent writes ISO-8601 in UTC) as the stores
 * keep it: an instant of the years 0001 to 9999 UTC. Outside them PostgreSQL's {@code timestamptz} refuses it (SQL
 * state 22008: the Kafka form had answered 202 and then dropped the report) and {@code Timestamp.from} silently
 * overflows ({@code +300000000-01-01} was stored on H2 as {@code -284554050-09-30}): review s17 findings 3 and 6.
 */
public final class GeneratedAt {

    /** The first instant kept: 0001-01-01T00:00:00Z. */
    static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    /** The first instant past the kept ones: 10000-01-01T00:00:00Z. */
    static final Instant PAST_LAST = OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

    private GeneratedAt() {
    }

    /** The instant of {@code text}, an ISO-8601 date and time with an offset; null when it is not one. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether {@code at} is within the years 0001 to 9999, UTC. */
    public static boolean storable(Instant at) {
        return !at.isBefore(FIRST) && at.isBefore(PAST_LAST);
    }
}
