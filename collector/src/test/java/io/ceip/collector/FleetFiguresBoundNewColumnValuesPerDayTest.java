package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report columns the fleet view groups on (product version, OS, Java version, database vendor) take at most
 * {@code collector.store.max-column-values-per-day} new values a day; later new ones are stored as {@code other}, so
 * a client with a product token cannot make one {@code /fleet} group millions of values. Values already taken stay
 * taken, also after a restart; a figure never shows more than 50 values.
 */
class FleetFiguresBoundNewColumnValuesPerDayTest {

    @TempDir
    Path dir;

    @Test
    void valuesPastTheDaysBoundAreStoredAsOtherAlsoAfterARestart() throws Exception {
        Map<String, String> settings = Map.of("collector.store.max-column-values-per-day", "3",
                "collector.intake.max-requests-per-second", "0");
        try (TestCollector collector = TestCollector.start(dir, settings); LogLines log = LogLines.capture()) {
            for (int i = 0; i < 6; i++) {
                send(collector, "v" + i, "os" + i, "j" + i, "db" + i);
            }
            send(collector, "v0", "os0", "j0", "db0");

            assertThat(FleetFigures.counts(collector, "operating-systems"))
                    .isEqualTo(Map.of("os0", 2L, "os1", 1L, "os2", 1L, "other", 3L));
            assertThat(FleetFigures.counts(collector, "java-versions"))
                    .isEqualTo(Map.of("j0", 2L, "j1", 1L, "j2", 1L, "other", 3L));
            assertThat(FleetFigures.counts(collector, "database-vendors"))
                    .isEqualTo(Map.of("db0", 2L, "db1", 1L, "db2", 1L, "other", 3L));
            assertThat(FleetFigures.productVersions(collector)).isEqualTo(List.of(
                    List.of(Reports.PRODUCT, "other", 3L), List.of(Reports.PRODUCT, "v0", 2L),
                    List.of(Reports.PRODUCT, "v1", 1L), List.of(Reports.PRODUCT, "v2", 1L)));
            assertThat(log.lines()).filteredOn(line -> line.contains("max-column-values-per-day")).hasSize(4)
                    .anySatisfy(line -> assertThat(line).contains("collector.store.max-column-values-per-day (3)"
                            + " reached for OS names of product '" + Reports.PRODUCT + "' received on "
                            + LocalDate.now(ZoneOffset.UTC)
                            + ": further new ones are stored as other"));
        }
        try (TestCollector restarted = TestCollector.start(dir, settings)) {
            send(restarted, "v9", "os9", "j9", "db9");
            send(restarted, "v1", "os1", "j1", "db1");

            assertThat(FleetFigures.counts(restarted, "operating-systems")).as("the day's bound is not granted afresh")
                    .isEqualTo(Map.of("os0", 2L, "os1", 2L, "os2", 1L, "other", 4L));
            assertThat(FleetFigures.productVersions(restarted)).hasSize(4).startsWith(
                    List.of(Reports.PRODUCT, "other", 4L), List.of(Reports.PRODUCT, "v0", 2L),
                    List.of(Reports.PRODUCT, "v1", 2L));
        }
    }

    @Test
    void aFigureShowsAtMostFiftyValues() throws Exception {
        try (TestCollector collector = TestCollector.start(dir, Map.of("collector.store.max-column-values-per-day",
                "100", "collector.intake.max-requests-per-second", "0"))) {
            for (int i = 0; i < 60; i++) {
                send(collector, "1.0.0", String.format("os%02d", i), "17", "H2");
            }

            Map<String, Long> shown = FleetFigures.counts(collector, "operating-systems");
            assertThat(shown).hasSize(50).containsAllEntriesOf(Map.of("os00", 1L, "os49", 1L))
                    .doesNotContainKeys("os50", "os59", "other");
        }
    }

    private static void send(TestCollector collector, String version, String os, String java, String db)
            throws Exception {
        String report = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "basic",
                Reports.PRODUCT, version, os, java, db);
        assertThat(collector.post(Reports.utf8(report), true).statusCode()).isEqualTo(202);
    }
}
