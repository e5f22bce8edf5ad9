package io.ceip.collector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A {@code .properties} file keeps a value's trailing blanks: every value is trimmed once as the settings are loaded,
 * so Camel gets the text the collector checked (before, {@code collector.kafka.max-record-bytes=1048576 } passed the
 * check and Camel's Kafka endpoint read it as 0: every report 413, review s21 collector H1). Every documented setting
 * is checked against the type and range of its definition, one line naming the key, what is wrong and the file.
 */
class CollectorSettingsTrimAndCheckEveryValueTest {

    @TempDir
    Path dir;

    /**
     * A data directory whose path has a blank is a valid place for the embedded database (its default URL names it),
     * and Camel's own {@code camel.main.*} keys are Camel's to read, not the collector's typos (review s21 fixes L4, L5).
     */
    @Test
    void aDataDirectoryWithABlankAndCamelsOwnKeysAreTaken() throws Exception {
        Path data = Files.createDirectories(dir.resolve("ceip collector"));
        Path settingsFile = Files.writeString(dir.resolve("application.properties"), "collector.data-dir=" + data
                + "\ncamel.main.shutdown-timeout=20\n");
        try (io.ceip.collector.support.LogLines log = io.ceip.collector.support.LogLines.capture()) {
            CollectorSettings settings = CollectorSettings.load(Map.of("collector.config", settingsFile.toString()));

            assertThat(settings.get("collector.store.jdbc-url")).startsWith("jdbc:h2:file:" + data + "/db/collector");
            assertThat(log.lines()).noneMatch(line -> line.contains("camel.main.shutdown-timeout"));
        }
    }

    @Test
    void aTrailingBlankOnEveryKeyReachesCamelTrimmed() throws Exception {
        String defaults = new String(CollectorSettings.class.getResourceAsStream("/collector-defaults.properties")
                .readAllBytes(), StandardCharsets.ISO_8859_1);
        Properties values = new Properties();
        values.load(new java.io.StringReader(defaults));
        StringBuilder file = new StringBuilder("collector.mode=kafka \t\n");
        for (String key : CollectorSettings.types(defaults).keySet()) {
            if (!key.equals("collector.mode")) {
                file.append(key).append('=').append(values.getProperty(key)).append("  \n");
            }
        }
        Path settingsFile = Files.writeString(dir.resolve("application.properties"), file);

        CollectorSettings settings = CollectorSettings.load(Map.of("collector.config", settingsFile.toString()));

        assertThat(settings.properties()).allSatisfy((key, value) -> assertThat(value.toString())
                .as(key.toString()).isEqualTo(value.toString().strip()));
        assertThat(settings.get("collector.mode")).isEqualTo("kafka");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setOverrideProperties(settings.properties());
            camel.start();
            KafkaConfiguration producer = camel.getEndpoint(camel.resolvePropertyPlaceholders(
                    "{{collector.intake.to}}"), KafkaEndpoint.class).getConfiguration();
            assertThat(producer.getMaxRequestSize()).isEqualTo(8389632);
            assertThat(producer.getCompressionCodec()).isEqualTo("lz4");
            assertThat(producer.getMaxBlockMs()).isEqualTo(10000L);
            assertThat(producer.getRequestTimeoutMs()).isEqualTo(10000);
            assertThat(producer.getTopic()).isEqualTo("ceip-reports");
            assertThat(producer.getBrokers()).isEqualTo("localhost:9092");
            KafkaConfiguration store = camel.getEndpoint(camel.resolvePropertyPlaceholders(
                    "{{collector.store.from}}"), KafkaEndpoint.class).getConfiguration();
            assertThat(store.getMaxPollRecords())
                    .isEqualTo(CollectorSettings.pollRecords(Runtime.getRuntime().maxMemory(), 8389632));
        }
    }

    /**
     * A Kafka poll holds its records inflated until the store has written the last: an eighth of the heap's worth of
     * the largest records at most (200 records of 8 MiB, lz4-compressed to a few MB of batches, were 1.6 GB).
     */
    @Test
    void theStoresRecordsPerPollFitAnEighthOfTheHeap() {
        assertThat(CollectorSettings.pollRecords(512L << 20, 8389632)).isEqualTo(7);
        assertThat(CollectorSettings.pollRecords(512L << 20, 1 << 20)).isEqualTo(64);
        assertThat(CollectorSettings.pollRecords(16L << 30, 2048)).isEqualTo(200);
        assertThat(CollectorSettings.pollRecords(64L << 20, 256L << 20)).isEqualTo(1);
    }

    @Test
    void theRecordsPerPollAreNotASettingAValueGivenIsReplaced() throws Exception {
        CollectorSettings settings = CollectorSettings.load(Map.of("collector.kafka.max-poll-records", "abc",
                "collector.kafka.max-record-bytes", "1048576"));

        assertThat(settings.get("collector.kafka.max-poll-records")).isEqualTo(Integer.toString(
                CollectorSettings.pollRecords(Runtime.getRuntime().maxMemory(), 1048576)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "collector.kafka.timeout-ms             | 10000ms       | '10000ms' is not a whole number (ms, 1000..600000)",
            "collector.kafka.timeout-ms             | 0             | 0 is outside 1000..600000",
            "collector.kafka.max-record-bytes       | 1 MiB         | '1 MiB' is not a whole number (bytes, 2048..268435456)",
            "collector.kafka.max-record-bytes       | 1024          | 1024 is outside 2048..268435456",
            "collector.intake.max-compressed-bytes  | 1e6           | '1e6' is not a whole number (bytes, 1024..67108864)",
            "collector.intake.max-requests-per-second | -1          | -1 is outside 0..1000000",
            "collector.intake.header-timeout-seconds | 20s          | '20s' is not a whole number (seconds, 1..3600)",
            "collector.fleet.window-days            | thirty        | 'thirty' is not a whole number (days, 1..3660)",
            "collector.store.retention-months       | 13.5          | '13.5' is not a whole number (months, 0..1200)",
            "collector.fleet.top                    | 501           | 501 is outside 1..500",
            "collector.port                         | 70000         | 70000 is outside 1..65535",
            "collector.kafka.topic                  | ceip reports  | 'ceip reports' is not a Kafka name (1 to 249 letters, digits, '.', '_' or '-')",
            "collector.kafka.group-id               | ceip/store    | 'ceip/store' is not a Kafka name",
            "collector.kafka.brokers                | kafka1        | 'kafka1' is not host:port",
            "collector.kafka.brokers                | k1:9092,k2:x  | 'k2:x' is not host:port",
            "collector.host                         | my host       | 'my host' is not a host name or address",
            "collector.store.jdbc-url               | postgresql://db/ceip | not a JDBC URL",
            "collector.store.enabled                | yes           | 'yes' is not true or false",
            "collector.mode                         | cluster       | 'cluster' is neither single nor kafka",
    })
    void aValueNotOfItsTypeStopsTheStartNamingTheKeyAndTheFile(String key, String value, String problem)
            throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), key + "=" + value + " \n");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CollectorSettings.load(Map.of("collector.config", file.toString())))
                .withMessageStartingWith(key + ": " + problem).withMessageEndingWith("(in " + file + ")")
                .withMessageNotContaining("\n");
    }

    @Test
    void aValueOfItsTypeAtTheEdgesOfItsRangeIsTaken() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "collector.kafka.timeout-ms=1000 ", "collector.kafka.max-record-bytes=2048\t",
                "collector.kafka.brokers=k1:9092, [::1]:9093", "collector.kafka.topic=ceip.reports-v1_x",
                "collector.port=65535", ""));

        CollectorSettings settings = CollectorSettings.load(Map.of("collector.config", file.toString()));

        assertThat(settings.number("collector.kafka.timeout-ms")).isEqualTo(1000);
        assertThat(settings.number("collector.kafka.max-record-bytes")).isEqualTo(2048);
        assertThat(settings.number("collector.port")).isEqualTo(65535);
    }

    @Test
    void whereAWrongValueWasSetIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CollectorSettings.load(Map.of("collector.fleet.top", "0")))
                .withMessage("collector.fleet.top: 0 is outside 1..500 (set by the caller)");
        System.setProperty("collector.fleet.top", "many ");
        try {
            assertThatIllegalArgumentException().isThrownBy(() -> CollectorSettings.load(Map.of()))
                    .withMessage("collector.fleet.top: 'many' is not a whole number (count, 1..500) (set with"
                            + " -Dcollector.fleet.top)");
        } finally {
            System.clearProperty("collector.fleet.top");
        }
    }
}
