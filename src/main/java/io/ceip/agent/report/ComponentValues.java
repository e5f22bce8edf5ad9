package io.ceip.agent.report;

import io.ceip.agent.collect.InventoryCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The typed rule of the component inventory: what a query or the product's file gives becomes
 * {@link Components}, decided entry by entry, so no text of the product leaves but declared names, pseudonyms and
 * strings that look like versions.
 * <ul>
 * <li>A name must be text. A declared name ({@link InventoryCatalog#isDeclaredComponent}) leaves as it is; any other
 * leaves as its pseudonym when the vendor chose {@code undeclared: pseudonymised}, else it is counted under
 * {@code other} and not sent.</li>
 * <li>A version must be text or a whole number matching {@link #VERSION}: one to four numbers separated by dots
 * (optionally after a {@code v}), then at most one qualifier from a fixed list ({@code alpha}, {@code beta},
 * {@code rc}, {@code m}, {@code milestone}, {@code snapshot}, {@code ga}, {@code final}, {@code release},
 * {@code dev}, {@code preview}, {@code ea}, {@code lts}, {@code build}, {@code patch}, {@code hotfix}, {@code a},
 * {@code b}, {@code p}, {@code u}; any case) with an optional number, or a build number after {@code +}; and the
 * redaction rules must leave it unchanged (a version that reads as an IPv4 address does not). So {@code 24.04.1},
 * {@code 2.1.0-beta.2}, {@code 3.2.0-SNAPSHOT}, {@code 17.0.9+9} and {@code 8u392} leave;
 * {@code 1.0-acme} does not.</li>
 * <li>An entry whose name or version does not pass is dropped and counted ({@code dropped}); equal entries are one;
 * past {@code max} distinct entries (in sorted order) the rest are counted ({@code overflow}).</li>
 * </ul>
 */
public final class ComponentValues {

    /** What a version must look like. */
    public static final Pattern VERSION = Pattern.compile("v?\\d{1,9}(?:\\.\\d{1,9}){0,3}(?:[-+_.~]?(?i:alpha|beta"
            + "|rc|milestone|m|snapshot|ga|final|release|dev|preview|ea|lts|build|patch|hotfix|a|b|p|u)(?:[-.]?\\d{1,6})?"
            + "|\\+\\d{1,6})?");

    private ComponentValues() {
    }

    /** The entries of a components query: each row exactly (name, version), by position. */
    public static List<Object[]> fromRows(List<Map<String, Object>> rows) throws InventoryShapeException {
        List<Object[]> entries = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            if (row.size() != 2) {
                throw new InventoryShapeException();
            }
            entries.add(row.values().toArray());
        }
        return entries;
    }

    /**
     * The entries of a components file: a list (or an object whose {@code components} is a list) of objects with
     * {@code name} and {@code version}; their other keys are never read. An element of another form is an entry
     * that is dropped.
     */
    public static List<Object[]> fromDocument(Object document) throws InventoryShapeException {
        Object list = document instanceof Map<?, ?> map && map.size() == 1 ? map.get("components") : document;
        if (!(list instanceof List<?> items)) {
            throw new InventoryShapeException();
        }
        List<Object[]> entries = new ArrayList<>(items.size());
        for (Object item : items) {
            entries.add(item instanceof Map<?, ?> entry ? new Object[] { entry.get("name"), entry.get("version") }
                    : new Object[] { null, null });
        }
        return entries;
    }

    /**
     * The longest name read (a longer one is dropped, counted): the shipped query cuts names on the server one
     * character past it, so that a huge value never reaches the agent and no two names are merged by the cut.
     */
    public static final int MAX_NAME = 1024;

    /**
     * The components that may leave of {@code entries} (name, version).
     *
     * @param pseudonym         turns an undeclared name into its pseudonym
     * @param unchangedByRules  true when the redaction rules leave a text as it is
     * @param max               the most distinct entries sent
     */
    public static Components of(List<Object[]> entries, InventoryCatalog catalog, UnaryOperator<String> pseudonym,
            Predicate<String> unchangedByRules, int max) {
        TreeSet<Components.Component> kept = new TreeSet<>();
        long other = 0;
        long dropped = 0;
        for (Object[] entry : entries) {
            String name = entry[0] instanceof String text && !text.isBlank() && text.length() <= MAX_NAME ? text : null;
            String version = version(entry[1]);
            if (name != null && !catalog.isDeclaredComponent(name) && !catalog.pseudonymiseUndeclared()) {
                other++;
            } else if (name == null || version == null || !unchangedByRules.test(version)) {
                dropped++;
            } else {
                kept.add(new Components.Component(catalog.isDeclaredComponent(name) ? name : pseudonym.apply(name),
                        version));
            }
        }
        List<Components.Component> installed = new ArrayList<>(kept);
        long overflow = Math.max(0, installed.size() - max);
        return new Components(installed.subList(0, Math.min(max, installed.size())), other, dropped, overflow);
    }

    /** {@code value} as a version, or null when it is not one. */
    static String version(Object value) {
        String text = value instanceof String s ? s
                : value instanceof Integer || value instanceof Long ? value.toString() : null;
        return text != null && VERSION.matcher(text).matches() ? text : null;
    }
}
