package io.ceip.agent.collect;

import io.ceip.agent.privacy.ConsentLevel;

import java.util.List;

/**
 * One configured usage query: its name (the key in the report), the SQL, the consent level it needs and the keys
 * it may return. {@code basic} queries fill the report's {@code usage}; {@code full} queries fill
 * {@code features.counts}. The SQL may use {@code :since} and {@code :until}, bound to the start and end of the
 * feature-usage window.
 * <p>
 * What the query may return (the typed rule, applied at collection): with no {@code keys}, one number; with
 * {@code keys} (a list), rows of (key, number) whose keys are in that list; with {@code pseudonymised} keys (level
 * full only), rows of (key, number) whose keys leave as their pseudonyms. Never text.
 *
 * @param keys the declared keys, in file order (empty: none declared)
 * @param pseudonymised whether the keys are sent as pseudonyms (then {@code keys} is empty)
 */
public record UsageQuery(String name, String sql, ConsentLevel level, List<String> keys, boolean pseudonymised) {

    public UsageQuery {
        keys = List.copyOf(keys);
    }

    /** A query returning one number. */
    public UsageQuery(String name, String sql, ConsentLevel level) {
        this(name, sql, level, List.of(), false);
    }

    /** Whether the query returns rows of (key, number) rather than one number. */
    public boolean grouped() {
        return pseudonymised || !keys.isEmpty();
    }

    /** The SQL in camel-jdbc's named-parameter form ({@code :?since}, {@code :?until}). */
    public String jdbcSql() {
        return sql.replace(":since", ":?since").replace(":until", ":?until");
    }
}
