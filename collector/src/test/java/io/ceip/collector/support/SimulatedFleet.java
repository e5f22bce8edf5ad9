package io.ceip.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small simulated fleet with known figures: 12 installations, each reporting twice (two report IDs, the second
 * also sent again as a duplicate), with set versions, operating systems, Java versions, database vendors and
 * consent levels; one installation's OS name is markup, which the page must show as text. The three installations
 * with full consent send events ({@link #EVENTS}: feature counts, one of them a range, errors by fingerprint,
 * durations), with a feature name, an exception type and an operation name that are markup. Each installation's
 * usage counts differ between its two reports ({@link #USAGE}: only the latest counts), one key is markup.
 */
public final class SimulatedFleet {

    public static final String MARKUP_OS = "<script>alert(1)</script>";

    /** Installations per value, as the figures must count them. */
    public static final List<List<Object>> VERSIONS = List.of(List.of(Reports.PRODUCT, "1.0.0", 7L),
            List.of(Reports.PRODUCT, "1.1.0", 5L));
    /** The product versions' bars on the page: label to installations. */
    public static final Map<String, Long> VERSION_BARS = Map.of(Reports.PRODUCT + " · 1.0.0", 7L,
            Reports.PRODUCT + " · 1.1.0", 5L);
    public static final Map<String, Long> OPERATING_SYSTEMS = Map.of("Linux", 7L, "Windows", 4L, MARKUP_OS, 1L);
    public static final Map<String, Long> JAVA_VERSIONS = Map.of("17.0.15", 6L, "21.0.7", 6L);
    public static final Map<String, Long> DATABASE_VENDORS = Map.of("PostgreSQL", 5L, "H2", 4L, "MariaDB", 3L);
    public static final Map<String, Long> CONSENT_LEVELS = Map.of("basic", 9L, "full", 3L);
    public static final int INSTALLATIONS = 12;

    public static final String MARKUP_FEATURE = "<img src=x onerror=alert(2)>";
    public static final String MARKUP_EXCEPTION = "</code></td><b>Boom</b>&amp;";
    public static final String MARKUP_OPERATION = "</svg><script>alert(3)</script>";
    public static final String ISE = "java.lang.IllegalStateException";
    public static final String MARKUP_USAGE_KEY = "<img src=x onerror=alert(4)>";

    /**
     * The usage figure as fed (product, source, key, installations, sum, p50, p90, max): each installation's second
     * report only (the first, sent earlier with {@code hosts} 1000 and a key {@code stale}, is older): {@code hosts}
     * 1 to 12 (p50 6, p90 11), a markup key from installation 11, and the full-consent ones' {@code exports} 1 to 3.
     */
    public static final List<List<Object>> USAGE = List.of(
            List.of(Reports.PRODUCT, "usage", "hosts", 12L, 78L, 6L, 11L, 12L),
            List.of(Reports.PRODUCT, "usage", MARKUP_USAGE_KEY, 1L, 3L, 3L, 3L, 3L),
            List.of(Reports.PRODUCT, "features.counts", "exports", 3L, 6L, 2L, 3L, 3L));

    /** The events members of installations 9, 10 and 11 (full consent), the same in both of their reports. */
    static final String[] EVENTS = {
        "\"features\":{\"events\":{\"dashboards.open\":5,\"reports.export\":1,\"other\":2}},"
            + "\"errors\":{\"5364321012a19296\":{\"exception\":\"" + ISE + "\",\"count\":2,"
            + "\"frames\":[\"com.demo.monitoring.dashboards.DashboardService.open\"]}},"
            + "\"durations\":{\"deploy\":{\"count\":4,\"p50\":100,\"p90\":200,\"p99\":400,\"max\":500}},",
        "\"features\":{\"events\":{\"dashboards.open\":3,\"" + MARKUP_FEATURE + "\":4}},"
            + "\"errors\":{\"5364321012a19296\":{\"exception\":\"" + ISE + "\",\"count\":3},"
            + "\"00000000000000aa\":{\"exception\":\"" + MARKUP_EXCEPTION + "\",\"count\":1}},"
            + "\"durations\":{\"deploy\":{\"count\":1,\"p50\":600,\"p90\":700,\"p99\":800,\"max\":900},"
            + "\"" + MARKUP_OPERATION + "\":{\"count\":2,\"p50\":10,\"p90\":20,\"p99\":30,\"max\":40}},",
        "\"features\":{\"events\":{\"dashboards.open\":\"6-10\",\"reports.export\":2}},"
            + "\"errors\":{\"other\":{\"exception\":\"other\",\"count\":\"1-5\"}},"};

    /**
     * Feature uses as fed: per feature, today's sum over both reports of each installation (a range at its floor); the
     * features most installations used first, then the most used.
     */
    public static Map<String, Map<String, Long>> featureUses() {
        Map<String, Map<String, Long>> uses = new LinkedHashMap<>();
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        uses.put("dashboards.open", Map.of(today, (5L + 3 + 6) * 2));
        uses.put("reports.export", Map.of(today, (1L + 2) * 2));
        uses.put(MARKUP_FEATURE, Map.of(today, 4L * 2));
        uses.put("other", Map.of(today, 2L * 2));
        return uses;
    }

    public static final Map<String, Long> FEATURE_INSTALLATIONS = Map.of("dashboards.open", 3L, MARKUP_FEATURE, 1L,
            "reports.export", 2L, "other", 1L);

    /** Top errors as fed: fingerprint, exception type, errors, installations; the most installations first. */
    public static final List<List<Object>> ERRORS = List.of(
            List.of("5364321012a19296", ISE, 10L, 2L),
            List.of("00000000000000aa", MARKUP_EXCEPTION, 2L, 1L),
            List.of("other", "other", 2L, 1L));

    /**
     * Durations as fed: operation, runs, installations, p50, p90, p99 (the means weighted by runs: deploy
     * (4 x 100 + 1 x 600) / 5 = 200, (4 x 200 + 700) / 5 = 300, (4 x 400 + 800) / 5 = 480), worst p99, max.
     */
    public static final List<List<Object>> DURATIONS = List.of(
            List.of("deploy", 10L, 2L, 200L, 300L, 480L, 800L, 900L),
            List.of(MARKUP_OPERATION, 4L, 1L, 10L, 20L, 30L, 30L, 40L));

    private SimulatedFleet() {
    }

    /** Sends the fleet's reports to {@code collector}; every answer must be 202, or 200 for the repeats. */
    public static void feed(TestCollector collector) throws Exception {
        feed(collector, true);
    }

    /**
     * Sends the fleet's reports; every answer must be 202, and 200 for the repeats when {@code storedAtOnce} (the
     * single node stores before it answers; through Kafka a repeat may come before the store and be 202 again).
     */
    public static void feed(TestCollector collector, boolean storedAtOnce) throws Exception {
        for (int i = 0; i < INSTALLATIONS; i++) {
            String installation = UUID.randomUUID().toString();
            String os = i < 7 ? "Linux" : i < 11 ? "Windows" : MARKUP_OS;
            String db = i < 5 ? "PostgreSQL" : i < 9 ? "H2" : "MariaDB";
            for (int r = 0; r < 2; r++) {
                // the second report's ID sorts after the first's: the latest also when both arrive in one ms (Kafka)
                String id = (r == 0 ? "0" : "f") + UUID.randomUUID().toString().substring(1);
                String report = Reports.report(1, id, installation, i < 9 ? "basic" : "full",
                        Reports.PRODUCT, i < 7 ? "1.0.0" : "1.1.0", os.replace("\"", "\\\""), i % 2 == 0
                                ? "17.0.15" : "21.0.7", db);
                report = report.replace("\"usage\":{\"hosts\":12}", r == 0 ? "\"usage\":{\"hosts\":1000,\"stale\":1}"
                        : "\"usage\":{\"hosts\":" + (i + 1) + (i == 11 ? ",\"" + MARKUP_USAGE_KEY + "\":3" : "") + "}");
                if (i >= 9) {
                    report = report.replace("\"partial\":", EVENTS[i - 9].replace("\"features\":{",
                            "\"features\":{\"counts\":{\"exports\":" + (r == 0 ? 100 : i - 8) + "},") + "\"partial\":");
                }
                assertThat(collector.post(Reports.utf8(report), true).statusCode()).isEqualTo(202);
                assertThat(collector.post(Reports.utf8(report), false).statusCode())
                        .isIn(storedAtOnce ? List.of(200) : List.of(200, 202));
            }
        }
    }

    public static Map<String, Long> activeToday() {
        Map<String, Long> today = new LinkedHashMap<>();
        today.put(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), (long) INSTALLATIONS);
        return today;
    }
}
