package io.ceip.agent.collect;

import io.ceip.agent.consent.ConsentLevel;

/**
 * One configured usage count: its name (the key in the report's {@code usage} object), the SQL that returns one
 * number, and the consent level it needs.
 */
public record UsageQuery(String name, String sql, ConsentLevel level) {
}
