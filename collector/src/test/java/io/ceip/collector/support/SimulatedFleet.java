package io.ceip.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A small simulated fleet with known figures: 12 installations, each reporting twice (two report IDs, the second
 * also sent again as a duplicate), with set versions, operating systems, Java versions, database vendors and
 * consent levels; one installation's OS name is markup, which the page must show as text.
 */
public final class SimulatedFleet {

    public static final String MARKUP_OS = "<script>alert(1)</script>";

    /** Installations per value, as the figures must count them. */
    public static final Map<String, Long> VERSIONS = Map.of("1.0.0", 7L, "1.1.0", 5L);
    public static final Map<String, Long> OPERATING_SYSTEMS = Map.of("Linux", 7L, "Windows", 4L, MARKUP_OS, 1L);
    public static final Map<String, Long> JAVA_VERSIONS = Map.of("17.0.15", 6L, "21.0.7", 6L);
    public static final Map<String, Long> DATABASE_VENDORS = Map.of("PostgreSQL", 5L, "H2", 4L, "MariaDB", 3L);
    public static final Map<String, Long> CONSENT_LEVELS = Map.of("basic", 9L, "full", 3L);
    public static final int INSTALLATIONS = 12;

    private SimulatedFleet() {
    }

    /** Sends the fleet's reports to {@code collector}; every answer must be 202, or 200 for the repeats. */
    public static void feed(TestCollector collector) throws Exception {
        for (int i = 0; i < INSTALLATIONS; i++) {
            String installation = UUID.randomUUID().toString();
            String os = i < 7 ? "Linux" : i < 11 ? "Windows" : MARKUP_OS;
            String db = i < 5 ? "PostgreSQL" : i < 9 ? "H2" : "MariaDB";
            for (int r = 0; r < 2; r++) {
                String report = Reports.report(1, UUID.randomUUID().toString(), installation, i < 9 ? "basic" : "full",
                        Reports.PRODUCT, i < 7 ? "1.0.0" : "1.1.0", os.replace("\"", "\\\""), i % 2 == 0
                                ? "17.0.15" : "21.0.7", db);
                assertThat(collector.post(Reports.utf8(report), true).statusCode()).isEqualTo(202);
                assertThat(collector.post(Reports.utf8(report), false).statusCode()).isEqualTo(200);
            }
        }
    }

    public static Map<String, Long> activeToday() {
        Map<String, Long> today = new LinkedHashMap<>();
        today.put(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), (long) INSTALLATIONS);
        return today;
    }
}
