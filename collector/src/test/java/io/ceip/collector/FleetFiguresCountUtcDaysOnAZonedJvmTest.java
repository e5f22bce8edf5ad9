package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import org.h2.util.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet view's days are UTC days, as its axis is, whatever the collector JVM's zone: a node whose zone's date is
 * not UTC's (UTC+14 from noon UTC, UTC-12 before) counts today's report on today's UTC date, in the active
 * installations and the feature use, and draws its bar. (Cast to a date in the JVM's zone, the report fell on a day
 * off the axis: its bar was dropped.) The JVM's default zone, and H2's cache of it, are restored afterwards.
 */
class FleetFiguresCountUtcDaysOnAZonedJvmTest {

    @TempDir
    Path dir;

    @Test
    void todaysReportIsCountedOnTodayInUtc() throws Exception {
        ZoneId zone = ZoneId.of(LocalTime.now(ZoneOffset.UTC).getHour() >= 12 ? "Etc/GMT-14" : "Etc/GMT+12");
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        DateTimeUtils.resetCalendar();
        try (TestCollector collector = TestCollector.start(dir, Map.of())) {
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            assertThat(LocalDate.now().toString()).as("the JVM's date is not UTC's").isNotEqualTo(today);
            String report = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "full",
                    Reports.PRODUCT, "1.0.0", "Linux", "17.0.15", "H2")
                    .replace("\"partial\":", "\"features\":{\"events\":{\"tz.feature\":7}},\"partial\":");
            assertThat(collector.post(Reports.utf8(report), true).statusCode()).isEqualTo(202);

            assertThat(FleetFigures.counts(collector, "active-installations")).isEqualTo(Map.of(today, 1L));
            assertThat(FleetFigures.json(collector, "feature-use").get("values").toString())
                    .isEqualTo("{\"tz.feature\":{\"" + today + "\":7}}");
            String page = collector.post(HttpRequest.newBuilder(collector.uri("/fleet")).GET()
                    .header("Authorization", "Bearer " + FleetFigures.FLEET_TOKEN)).body();
            assertThat(page).as("the bar is drawn").containsPattern("<rect [^>]*data-label=\"tz.feature\" data-bucket=\""
                    + today + "\" data-value=\"7\"");
        } finally {
            TimeZone.setDefault(saved);
            DateTimeUtils.resetCalendar();
        }
    }
}
