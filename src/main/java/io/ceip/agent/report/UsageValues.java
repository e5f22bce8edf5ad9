package io.ceip.agent.report;

import io.ceip.agent.collect.UsageQuery;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The typed rule: what a usage query returned becomes numbers, or the query fails. Decided at collection, so no
 * value of the product database ever reaches the report as text, whatever the redaction detectors would say.
 * <ul>
 * <li>A query without keys ({@link UsageQuery#grouped()} false) must return one row of one whole number: that
 * number.</li>
 * <li>A grouped query must return rows of exactly (key, whole number); counts of the same key are added up (a sum
 * beyond a {@code long} fails the query, never wraps). A key
 * must be text or a whole number; with declared {@link UsageQuery#keys()} it must be one of them (compared as
 * text, case-sensitively); with {@link UsageQuery#pseudonymised()} keys it leaves as its pseudonym
 * ({@code p:} + 16 hex digits of the installation's HMAC). No rows is an empty set of counts.</li>
 * </ul>
 * A whole number is an integer type, or a decimal or floating value without a fraction, within a {@code long}; a
 * count must be one that is not negative (a key may be any whole number). Anything else fails the query with
 * reason {@link FailureReason#UNDECLARED_KEY} (a key not declared, a NULL or other non-text key, or keyed rows from
 * a query that declares no keys) or {@link FailureReason#NOT_A_NUMBER} (text, NULL, a fraction or a negative number
 * where a count belongs, counts of one key whose sum is beyond a {@code long}, or another shape: no row, extra
 * columns). The failure names the reason only, never the value.
 */
public final class UsageValues {

    /** A query returned something the typed rule does not let leave. */
    public static final class UnusableValueException extends Exception {

        private final String reason;
        private final String detail;

        UnusableValueException(String reason) {
            this(reason, null);
        }

        UnusableValueException(String reason, String hint) {
            super("the query returned a value that may not leave (" + reason + ")", null, false, false);
            this.reason = reason;
            this.detail = hint == null ? reason : reason + ": " + hint;
        }

        public String reason() {
            return reason;
        }

        /**
         * The reason and, where the shape alone tells it, what the query must return instead, as its WARN line says
         * it ({@code undeclared-key: rows of two columns, but it declares no keys: ...}); never a value.
         */
        public String detail() {
            return detail;
        }

        /** The error class reported in {@code failures[]}: {@code NotANumber} or {@code UndeclaredKey}. */
        public String errorName() {
            return FailureReason.NOT_A_NUMBER.equals(reason) ? "NotANumber" : "UndeclaredKey";
        }
    }

    /** What a query without keys that returned rows of (key, number) is told to do instead. */
    static final String KEYED_WITHOUT_KEYS = "rows of two columns, but it declares no keys: one number (one row, one"
            + " column), or rows of (key, number) with keys: [...] or keys: pseudonymised at level: full";

    private UsageValues() {
    }

    /**
     * The value query {@code query} may report for {@code rows}: a {@link Long}, or counts by key (a map of text to
     * {@link Long}); {@code pseudonym} turns a key into its pseudonym.
     */
    public static Object of(UsageQuery query, List<Map<String, Object>> rows, UnaryOperator<String> pseudonym)
            throws UnusableValueException {
        if (!query.grouped()) {
            if (rows.size() == 1 && rows.get(0).size() == 1) {
                return count(rows.get(0).values().iterator().next());
            }
            boolean keyed = !rows.isEmpty() && rows.stream().allMatch(row -> row.size() == 2);
            throw keyed ? new UnusableValueException(FailureReason.UNDECLARED_KEY, KEYED_WITHOUT_KEYS)
                    : new UnusableValueException(FailureReason.NOT_A_NUMBER, "not one row of one column");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            if (row.size() != 2) {
                throw new UnusableValueException(FailureReason.NOT_A_NUMBER);
            }
            List<Object> values = new ArrayList<>(row.values());
            String key = key(values.get(0));
            if (key == null || !query.pseudonymised() && !query.keys().contains(key)) {
                throw new UnusableValueException(FailureReason.UNDECLARED_KEY, "a key not among its keys, or NULL");
            }
            long count = count(values.get(1));
            try {
                counts.merge(query.pseudonymised() ? pseudonym.apply(key) : key, count, Math::addExact);
            } catch (ArithmeticException e) {
                throw new UnusableValueException(FailureReason.NOT_A_NUMBER);
            }
        }
        return counts;
    }

    /** A count: a whole number that is not negative. */
    private static long count(Object value) throws UnusableValueException {
        long count = number(value);
        if (count < 0) {
            throw new UnusableValueException(FailureReason.NOT_A_NUMBER);
        }
        return count;
    }

    /** A key as text: text as it is, a whole number in decimal; null for anything else. */
    private static String key(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number) {
            try {
                return Long.toString(number(value));
            } catch (UnusableValueException e) {
                return null;
            }
        }
        return null;
    }

    private static long number(Object value) throws UnusableValueException {
        try {
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof BigInteger big) {
                return big.longValueExact();
            }
            if (value instanceof BigDecimal decimal) {
                return decimal.longValueExact();
            }
            if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
                return new BigDecimal(((Number) value).doubleValue()).longValueExact();
            }
        } catch (ArithmeticException e) {
            // a fraction, or out of range: not a count
        }
        throw new UnusableValueException(FailureReason.NOT_A_NUMBER);
    }
}
