package io.ceip.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.intake.FloodGuard;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.support.Reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage figure (a real H2 store fed through {@link ReportStore}, each report at a set time): per product and key
 * of {@code usage} and {@code features.counts}, one value per installation, from its latest report in the window
 * (latest by time, not by report ID; a report delivered again counts once; an older report's keys, a key the latest
 * report lacks, and a report before the window are not counted); installations, sum, median, p90 and max exact.
 */
class FleetUsageCountsEachInstallationsLatestReportTest {

    private static final String TOKEN = "the-fleet-token-0123456789";
    private static final String DEMO = Reports.PRODUCT;

    @TempDir
    Path dir;
    private String url;
    private ReportStore store;
    private final Instant now = Instant.now();

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("db/c").toAbsolutePath();
        store = new ReportStore(url, "ceip", "", 2000, 200);
        store.createSchema();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Stores a report of {@code product} with {@code members} as its usage (and features), minutes ago. */
    private void report(String id, String installation, String product, String members, long minutesAgo)
            throws Exception {
        String json = Reports.report(1, id, installation, "full", product, "1.0.0", "Linux", "17.0.15", "H2")
                .replace("\"usage\":{\"hosts\":12}", members);
        ReportStore.Outcome outcome = store.store(Reports.utf8(json), now.minus(Duration.ofMinutes(minutesAgo))
                .toEpochMilli());
        assertThat(outcome).isIn(ReportStore.Outcome.STORED, ReportStore.Outcome.DUPLICATE);
    }

    private void feed() throws Exception {
        String a = "00000000-0000-4000-8000-00000000000a";
        // A: its latest report has the smaller ID: the time decides; delivered again, it counts once
        report("ffffffff-0000-4000-8000-000000000001", a, DEMO, "\"usage\":{\"users\":100,\"projects\":1,"
                + "\"legacy\":5}", 60);
        report("00000000-0000-4000-8000-000000000002", a, DEMO, "\"usage\":{\"users\":7,\"projects\":4,"
                + "\"pipelines\":9,\"job-runs\":123}", 10);
        report("00000000-0000-4000-8000-000000000002", a, DEMO, "\"usage\":{\"users\":7,\"projects\":4,"
                + "\"pipelines\":9,\"job-runs\":123}", 5);
        report("00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-00000000000b", DEMO,
                "\"usage\":{\"users\":3,\"projects\":\"11-25\",\"pipelines\":1}", 30);
        report("00000000-0000-4000-8000-000000000004", "00000000-0000-4000-8000-00000000000c", DEMO,
                "\"usage\":{\"users\":20,\"projects\":2},\"features\":{\"counts\":{\"exports\":5,"
                + "\"logins\":{\"p:0123456789abcdef\":3,\"p:fedcba9876543210\":4}}}", 20);
        // E: its latest report has no usage: it counts for no key
        report("00000000-0000-4000-8000-000000000005", "00000000-0000-4000-8000-00000000000e", DEMO,
                "\"usage\":{\"users\":50}", 50);
        report("00000000-0000-4000-8000-000000000006", "00000000-0000-4000-8000-00000000000e", DEMO,
                "\"usage\":{}", 2);
        // D: only before the window (30 days)
        report("00000000-0000-4000-8000-000000000007", "00000000-0000-4000-8000-00000000000d", DEMO,
                "\"usage\":{\"users\":1000}", 31 * 24 * 60);
        report("00000000-0000-4000-8000-000000000008", "00000000-0000-4000-8000-00000000000f", "Other Product",
                "\"usage\":{\"users\":2}", 1);
    }

    private static UsageQueries.UsageRow row(String product, String source, String key, long installations, long sum,
            long p50, long p90, long max) {
        return new UsageQueries.UsageRow(product, source, key, installations, sum, p50, p90, max);
    }

    @Test
    void eachInstallationCountsOnceWithItsLatestReport() throws Exception {
        feed();

        List<UsageQueries.UsageRow> usage = new UsageQueries(url, "ceip", "", 30, 20).usage(QueryDeadline.in(30));

        assertThat(usage).containsExactly(
                row(DEMO, "usage", "projects", 3, 4 + 11 + 2, 4, 11, 11),
                row(DEMO, "usage", "users", 3, 7 + 3 + 20, 7, 20, 20),
                row(DEMO, "usage", "pipelines", 2, 9 + 1, 1, 9, 9),
                row(DEMO, "usage", "job-runs", 1, 123, 123, 123, 123),
                row(DEMO, "features.counts", "exports", 1, 5, 5, 5, 5),
                row(DEMO, "features.counts", "logins", 1, 7, 7, 7, 7),
                row("Other Product", "usage", "users", 1, 2, 2, 2, 2));
    }

    @Test
    void atMostTopKeysPerProductAndSourceTheMostReportedFirst() throws Exception {
        feed();

        List<UsageQueries.UsageRow> usage = new UsageQueries(url, "ceip", "", 30, 1).usage(QueryDeadline.in(30));

        assertThat(usage).extracting(UsageQueries.UsageRow::product, UsageQueries.UsageRow::source,
                UsageQueries.UsageRow::key).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DEMO, "usage", "projects"),
                        org.assertj.core.groups.Tuple.tuple(DEMO, "features.counts", "exports"),
                        org.assertj.core.groups.Tuple.tuple("Other Product", "usage", "users"));
    }

    @Test
    void theJsonAndThePageShowTheFigure() throws Exception {
        feed();
        FleetView fleet = new FleetView(new FleetQueries(url, "ceip", "", 30), new EventQueries(url, "ceip", "", 30,
                20), TOKEN, new FloodGuard(0), 30, 1000);

        JsonNode json = new ObjectMapper().readTree(fleet.json("Bearer " + TOKEN, "usage.json", null));
        String page = fleet.page("Bearer " + TOKEN, null);

        assertThat(json.get("figure").asText()).isEqualTo("usage");
        assertThat(json.get("percentiles").asText()).contains("latest report", "PERCENTILE_DISC");
        assertThat(json.get("values")).hasSize(7);
        assertThat(json.get("values").get(1).toString()).isEqualTo("{\"product\":\"Demo Monitoring\",\"source\":"
                + "\"usage\",\"key\":\"users\",\"installations\":3,\"sum\":30,\"p50\":7,\"p90\":20,\"max\":20}");
        assertThat(page).contains("<section id=\"usage\">", "<a href=\"/v1/fleet/usage.json\">",
                "<td><code>users</code></td>", "<td class=\"n\">30</td><td class=\"n\">7</td><td class=\"n\">20</td>"
                + "<td class=\"n\">20</td>");
    }

    @Test
    void anEmptyStoreShowsNoReportsYet() throws Exception {
        FleetView fleet = new FleetView(new FleetQueries(url, "ceip", "", 30), new EventQueries(url, "ceip", "", 30,
                20), TOKEN, new FloodGuard(0), 30, 1000);

        assertThat(fleet.json("Bearer " + TOKEN, "usage.json", null)).endsWith("\"values\":[]}");
        assertThat(fleet.page("Bearer " + TOKEN, null)).contains("<section id=\"usage\"><h2>Usage counts</h2><p><a"
                + " href=\"/v1/fleet/usage.json\">JSON</a></p><p class=\"empty\">no reports yet</p></section>");
    }
}
