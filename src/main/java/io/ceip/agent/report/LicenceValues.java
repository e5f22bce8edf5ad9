package io.ceip.agent.report;

import io.ceip.agent.collect.InventoryCatalog;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The typed rule of the licence facts: a licence document — the product's file, or the licence queries' rows put
 * together ({@link #fromRow}, {@link #features}, {@link #engines}) — becomes a {@link Licence}, field by field.
 * Keys are read without regard to case, {@code _} and {@code -} ({@code valid_until} is {@code validUntil}); any
 * other key of a file (a raw licence key, for one) is never read.
 * <ul>
 * <li>{@code type}: text; a declared type leaves as it is, any other as {@code other}.</li>
 * <li>{@code validUntil}: a date ({@code YYYY-MM}, {@code YYYY-MM-DD}, an ISO date-time, or a SQL date or
 * timestamp), sent as its month {@code YYYY-MM} (UTC), years 1970 to 9999.</li>
 * <li>{@code unlimited} and each feature flag: a boolean (from SQL also 0 or 1); a flag whose key is not declared
 * is not sent.</li>
 * <li>{@code customer}: read only when the vendor chose {@code customer: pseudonymised}, and then sent as its
 * pseudonym; never as text.</li>
 * <li>{@code engines}: IDs (text, UUID or whole number, at most 256 characters), sent as their pseudonyms, distinct,
 * sorted, at most {@code maxEngines}.</li>
 * </ul>
 * A value not of its form is not sent and counted in {@code dropped}. A document with none of these facts is no
 * licence (null).
 */
public final class LicenceValues {

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final List<String> FACTS = List.of("type", "validuntil", "unlimited", "customer");

    private LicenceValues() {
    }

    /** The facts of the licence query's rows: no row is no licence; one row of named columns; anything else fails. */
    public static Map<String, Object> fromRow(List<Map<String, Object>> rows) throws InventoryShapeException {
        if (rows.size() > 1) {
            throw new InventoryShapeException();
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String key = key(column.getKey());
                if (!FACTS.contains(key) || facts.containsKey(key)) {
                    throw new InventoryShapeException();
                }
                facts.put(key, column.getValue());
            }
        }
        return facts;
    }

    /** The feature flags of the features query's rows, each exactly (key, value). */
    public static Map<Object, Object> features(List<Map<String, Object>> rows) throws InventoryShapeException {
        Map<Object, Object> features = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            if (row.size() != 2) {
                throw new InventoryShapeException();
            }
            List<Object> values = new ArrayList<>(row.values());
            features.put(values.get(0), values.get(1));
        }
        return features;
    }

    /** The engine IDs of the engines query's rows, each exactly one column. */
    public static List<Object> engines(List<Map<String, Object>> rows) throws InventoryShapeException {
        List<Object> engines = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if (row.size() != 1) {
                throw new InventoryShapeException();
            }
            engines.add(row.values().iterator().next());
        }
        return engines;
    }

    /** A licence file's document: an object; its keys as {@link #fromRow} reads them. */
    public static Map<String, Object> fromDocument(Object document) throws InventoryShapeException {
        if (!(document instanceof Map<?, ?> map)) {
            throw new InventoryShapeException();
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        map.forEach((name, value) -> facts.putIfAbsent(key(String.valueOf(name)), value));
        return facts;
    }

    /** The licence that may leave of {@code facts} (keys as {@link #key} makes them), or null when it has none. */
    public static Licence of(Map<String, Object> facts, InventoryCatalog catalog, UnaryOperator<String> pseudonym,
            int maxEngines) {
        long[] dropped = { 0 };
        Object rawType = facts.get("type");
        String type = rawType instanceof String text ? catalog.licenceType(text) : null;
        String validUntil = month(facts.get("validuntil"));
        Boolean unlimited = bool(facts.get("unlimited"));
        dropped[0] += (rawType != null && type == null ? 1 : 0)
                + (facts.get("validuntil") != null && validUntil == null ? 1 : 0)
                + (facts.get("unlimited") != null && unlimited == null ? 1 : 0);
        Map<String, Boolean> features = new TreeMap<>();
        Object rawFeatures = facts.get("features");
        if (rawFeatures instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                Boolean flag = bool(value);
                if (key instanceof String name && catalog.isDeclaredFeature(name) && flag != null) {
                    features.put(name, flag);
                } else {
                    dropped[0]++;
                }
            });
        } else if (rawFeatures != null) {
            dropped[0]++;
        }
        String customer = catalog.customerPseudonym() && facts.get("customer") instanceof String name
                && !name.isBlank() ? pseudonym.apply(name.strip()) : null;
        TreeSet<String> engines = new TreeSet<>();
        Object rawEngines = facts.get("engines");
        if (rawEngines != null && !(rawEngines instanceof List)) {
            dropped[0]++;
        }
        for (Object id : rawEngines instanceof List<?> list ? list : List.of()) {
            String text = id instanceof String s ? s.strip() : id instanceof UUID || id instanceof Integer
                    || id instanceof Long ? id.toString() : "";
            if (text.isEmpty() || text.length() > 256) {
                dropped[0]++;
            } else {
                engines.add(pseudonym.apply(text));
            }
        }
        List<String> sent = new ArrayList<>(engines).subList(0, Math.min(maxEngines, engines.size()));
        dropped[0] += engines.size() - sent.size();
        if (type == null && validUntil == null && unlimited == null && features.isEmpty() && customer == null
                && sent.isEmpty() && dropped[0] == 0) {
            return null;
        }
        return new Licence(type, validUntil, unlimited, features.isEmpty() ? null : features, customer,
                sent.isEmpty() ? null : List.copyOf(sent), dropped[0]);
    }

    /** A key as compared: lower case, without {@code _} and {@code -}. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof Number number && (number instanceof Integer || number instanceof Long
                || number instanceof Short || number instanceof Byte)) {
            long n = number.longValue();
            return n == 0 ? Boolean.FALSE : n == 1 ? Boolean.TRUE : null;
        }
        return null;
    }

    /** The month of a date, {@code YYYY-MM}, or null when {@code value} is not one. */
    static String month(Object value) {
        TemporalAccessor date = value instanceof java.sql.Date sql ? sql.toLocalDate()
                : value instanceof java.sql.Timestamp timestamp ? timestamp.toInstant().atOffset(ZoneOffset.UTC)
                : value instanceof LocalDate local ? local
                : value instanceof LocalDateTime local ? local
                : value instanceof OffsetDateTime offset ? offset.withOffsetSameInstant(ZoneOffset.UTC)
                : value instanceof String text ? parse(text.strip()) : null;
        if (date == null) {
            return null;
        }
        int year = date.get(java.time.temporal.ChronoField.YEAR);
        int month = date.get(java.time.temporal.ChronoField.MONTH_OF_YEAR);
        return year < 1970 || year > 9999 ? null : String.format(Locale.ROOT, "%04d-%02d", year, month);
    }

    private static TemporalAccessor parse(String text) {
        try {
            if (MONTH.matcher(text).matches()) {
                return LocalDate.parse(text + "-01");
            }
            if (DAY.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
            if (text.length() <= 40 && text.indexOf('T') == 10) {
                try {
                    return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException noOffset) {
                    return LocalDateTime.parse(text);
                }
            }
        } catch (DateTimeParseException e) {
            // not a date
        }
        return null;
    }
}
