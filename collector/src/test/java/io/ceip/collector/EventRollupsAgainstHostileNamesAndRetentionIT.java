package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ceip.collector.fleet.EventQueries;
import io.ceip.collector.fleet.QueryDeadline;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.store.Retention;
import io.ceip.collector.support.Postgres;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.SqlRows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event roll-ups on a real PostgreSQL against what a hostile sender or the daily upkeep can do to them: names
 * Java tells apart but the database does not (unpaired surrogates, which the driver sends as {@code ?}) are never
 * taken for a duplicate report, and retention deleting an installation's latest day of a name while a report of it is
 * being stored never leaves the installation counted twice.
 */
class EventRollupsAgainstHostileNamesAndRetentionIT {

    static Postgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = Postgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void namesWithUnpairedSurrogatesAreStoredNotTakenForADuplicate() throws Exception {
        String url = postgres.database("surrogates");
        String installation = UUID.randomUUID().toString();
        // raw UTF-8 of U+D800 and U+DBFF (CESU-style, not valid UTF-8): Jackson reads them as unpaired surrogates
        String[] parts = Reports.report(UUID.randomUUID().toString(), installation).replace("\"partial\":",
                "\"features\":{\"events\":{\"x#\":1,\"x%\":2,\"x?\":4}},\"partial\":").split("[#%]");
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.write(parts[0].getBytes(StandardCharsets.UTF_8));
        json.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        json.write(parts[1].getBytes(StandardCharsets.UTF_8));
        json.write(new byte[] {(byte) 0xED, (byte) 0xAF, (byte) 0xBF});
        json.write(parts[2].getBytes(StandardCharsets.UTF_8));
        try (ReportStore store = new ReportStore(url, "postgres", "", 2000, 200)) {
            store.createSchema();

            assertThat(store.store(json.toByteArray(), System.currentTimeMillis(), "ceip-reports-0 offset 1"))
                    .isEqualTo(ReportStore.Outcome.STORED);
        }

        EventQueries.FeatureUse use = new EventQueries(url, "postgres", "", 30, 50).featureUse(QueryDeadline.in(30));
        assertThat(use.installations()).isEqualTo(Map.of("x?", 1L));
        assertThat(use.uses().get("x?").values()).containsExactly(7L);
    }
}
