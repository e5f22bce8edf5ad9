package io.ceip.collector.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a report's events as the store keeps them (values from reports are hostile): counts as whole numbers
 * from 0 to {@value #MAX_COUNT} (a range's lower bound), times from 0 to {@link Integer#MAX_VALUE} ms, names cut and
 * without control or format characters.
 */
final class EventValues {

    static final long MAX_COUNT = 1_000_000_000_000L;

    private static final Pattern RANGE = Pattern.compile("(\\d{1,15})(?:-\\d{1,15})?|>(\\d{1,15})");

    private EventValues() {
    }

    /**
     * A count as the agent sends it: a whole number, or a range's lower bound ({@code 0}, {@code 1-5},
     * {@code >1000} counts 1001); at most {@value #MAX_COUNT}; -1 for anything else (not kept).
     */
    static long count(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? Math.min(Math.max(value.longValue(), 0), MAX_COUNT)
                    : value.bigIntegerValue().signum() < 0 ? 0 : MAX_COUNT;
        }
        if (value.isTextual()) {
            Matcher range = RANGE.matcher(value.asText());
            if (range.matches()) {
                return Math.min(range.group(1) != null ? Long.parseLong(range.group(1))
                        : Long.parseLong(range.group(2)) + 1, MAX_COUNT);
            }
        }
        return -1;
    }

    /** A time in ms: 0 .. Integer.MAX_VALUE (a missing or negative one is 0). */
    static long millis(JsonNode value) {
        if (!value.isIntegralNumber()) {
            return 0;
        }
        return value.canConvertToLong() ? Math.min(Math.max(value.longValue(), 0), Integer.MAX_VALUE)
                : value.bigIntegerValue().signum() < 0 ? 0 : Integer.MAX_VALUE;
    }

    /** {@code a + b}, at most {@value #MAX_COUNT}. */
    static long add(long a, long b) {
        return Math.min(a + b, MAX_COUNT);
    }

    /**
     * At most {@code max} characters (never half a surrogate pair), control and format characters (line and
     * paragraph separators, bidi overrides and isolates, zero widths) and unpaired surrogates as {@code ?}: a
     * PostgreSQL driver sends an unpaired surrogate as {@code ?}, so two names Java tells apart would be one key in
     * the database (a report's two names one row of {@code ceip_installation_event}: 23505, a false duplicate).
     */
    static String clean(String text, int max) {
        String cut = text.length() <= max ? text : text.substring(0, Character.isHighSurrogate(text.charAt(max - 1))
                ? max - 1 : max);
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE ? '?' : c));
        return out.toString();
    }
}
