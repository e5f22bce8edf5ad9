package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.FleetFigures;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The holder of one product's token cannot use up another product's day of new column values (review s19-fixes D2):
 * after 6 reports of made-up versions, OS, Java versions and database vendors with product Hostile's token (bound 5
 * a day), a real report of Demo Monitoring is counted under its own values, also after a restart.
 */
class FleetFiguresBoundColumnValuesPerProductTest {

    private static final String HOSTILE_TOKEN = "hostile-product-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void oneProductsMadeUpValuesLeaveAnotherProductsValuesAlone() throws Exception {
        Path tokens = dir.resolve("tokens.properties");
        TestCollector.tokensFile(tokens, "demo.product=" + Reports.PRODUCT + "\ndemo.token=" + Reports.TOKEN
                + "\nhostile.product=Hostile\nhostile.token=" + HOSTILE_TOKEN + "\n");
        Map<String, String> settings = Map.of("collector.tokens-file", tokens.toString(),
                "collector.intake.max-requests-per-second", "0", "collector.store.max-column-values-per-day", "5");
        try (TestCollector collector = TestCollector.start(dir.resolve("node"), settings)) {
            for (int i = 0; i < 6; i++) {
                send(collector, HOSTILE_TOKEN, "Hostile", "junk" + i, "os-junk" + i, "j-junk" + i, "db-junk" + i);
            }
            send(collector, Reports.TOKEN, Reports.PRODUCT, "2.0.0", "Linux", "21.0.5", "PostgreSQL");

            assertThat(FleetFigures.productVersions(collector)).as("Hostile's sixth version as other, not Demo's")
                    .contains(List.of(Reports.PRODUCT, "2.0.0", 1L), List.of("Hostile", "other", 1L))
                    .doesNotContain(List.of(Reports.PRODUCT, "other", 1L));
            assertThat(FleetFigures.counts(collector, "operating-systems")).containsEntry("Linux", 1L)
                    .containsEntry("other", 1L);
            assertThat(FleetFigures.counts(collector, "java-versions")).containsEntry("21.0.5", 1L)
                    .containsEntry("other", 1L);
            assertThat(FleetFigures.counts(collector, "database-vendors")).containsEntry("PostgreSQL", 1L)
                    .containsEntry("other", 1L);
        }
        try (TestCollector restarted = TestCollector.start(dir.resolve("node"), settings)) {
            send(restarted, HOSTILE_TOKEN, "Hostile", "junk9", "os-junk9", "j-junk9", "db-junk9");
            send(restarted, Reports.TOKEN, Reports.PRODUCT, "2.1.0", "AIX", "17.0.15", "H2");

            assertThat(FleetFigures.productVersions(restarted)).as("Hostile's bound stays full, Demo's is its own")
                    .contains(List.of(Reports.PRODUCT, "2.1.0", 1L), List.of("Hostile", "other", 2L));
            assertThat(FleetFigures.counts(restarted, "operating-systems")).containsEntry("AIX", 1L)
                    .containsEntry("other", 2L);
        }
    }

    private static void send(TestCollector collector, String token, String product, String version, String os,
            String java, String db) throws Exception {
        String report = Reports.report(1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "basic",
                product, version, os, java, db);
        assertThat(collector.post(HttpRequest.newBuilder(collector.reports())
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.utf8(report)))).statusCode()).isEqualTo(202);
    }
}
