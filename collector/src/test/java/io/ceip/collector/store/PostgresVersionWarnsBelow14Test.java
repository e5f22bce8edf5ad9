package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The store's start warns of a PostgreSQL older than 14 (no TID range scan: each upkeep batch reads its whole table)
 * in one line naming the version and the consequence; from 14.0 on nothing.
 */
class PostgresVersionWarnsBelow14Test {

    @Test
    void aServerOlderThan14GetsOneLineNamingItsVersionAndTheConsequence() {
        assertThat(PostgresVersion.warning(130012, "13.12")).isEqualTo("Store: PostgreSQL 13.12 (server_version_num"
                + " 130012) is older than 14, which has no TID range scan: each batch of the store's upkeep (the fleet"
                + " tables' daily deletes, the dedupe keys' monthly one) reads its whole table instead of 1024 pages,"
                + " so the upkeep reads each table once per batch; upgrade the database to PostgreSQL 14 or later");
        assertThat(PostgresVersion.warning(139999, "13.99")).contains("PostgreSQL 13.99 ");
        assertThat(PostgresVersion.warning(90624, "9.6.24")).contains("PostgreSQL 9.6.24 ", "older than 14");
        // a number that could not be read counts as old
        assertThat(PostgresVersion.warning(0, "what")).contains("PostgreSQL what ");
    }

    @Test
    void fourteenAndLaterGetNothing() {
        assertThat(PostgresVersion.warning(140000, "14.0")).isNull();
        assertThat(PostgresVersion.warning(140011, "14.11")).isNull();
        assertThat(PostgresVersion.warning(170002, "17.2")).isNull();
        assertThat(PostgresVersion.warning(180000, "18beta1")).isNull();
    }

    @Test
    void aHostileVersionTextStaysOneShortLine() {
        String warning = PostgresVersion.warning(130000, "13.0\nERROR forged line " + "x".repeat(500));
        assertThat(warning).doesNotContain("\n", "\r").contains("PostgreSQL 13.0");
        assertThat(warning.length()).isLessThan(500);
    }
}
