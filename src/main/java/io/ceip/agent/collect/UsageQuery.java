package io.ceip.agent.collect;

import io.ceip.agent.consent.ConsentLevel;

/**
 * One configured usage query: its name (the key in the report), the SQL, and the consent level it needs.
 * {@code basic} queries fill the report's {@code usage}; {@code full} queries fill {@code features.counts}. The SQL
 * may use {@code :since} and {@code :until}, bound to the start and end of the feature-usage window.
 */
public record UsageQuery(String name, String sql, ConsentLevel level) {

    /** The SQL in camel-jdbc's named-parameter form ({@code :?since}, {@code :?until}). */
    public String jdbcSql() {
        return sql.replace(":since", ":?since").replace(":until", ":?until");
    }
}
