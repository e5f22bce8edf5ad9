package io.ceip.agent.events;

import io.ceip.agent.support.LogCapture;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits that refuse a bomb ({@link AggregateFile#maxTokens}, {@link AggregateFile#maxInflatedBytes}) never refuse
 * what the agent itself writes: a window at every bound — each feature name and operation declared, 64 characters of
 * 3 UTF-8 bytes, with other; each histogram with every bucket; each fingerprint with an exception type of 200
 * characters and 32 frames of about 300; every count at the largest; 20,000 consumed files whose names are escaped
 * to 6 bytes a character — written by {@link AggregateFile#write} loads back whole.
 */
class AggregateFileOfTheLargestWindowLoadsBackWholeTest {

    private static final int NAMES = 40;
    private static final int FINGERPRINTS = 20;

    @TempDir
    Path data;
    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private static String name(char kind, int i) {
        return kind + "ü".repeat(59) + String.format("%04d", i);
    }

    private static String segment(char first, int length) {
        return first + "x".repeat(length - 1);
    }

    @Test
    void aWindowAtEveryBoundLoadsBackWhole() throws Exception {
        Set<String> features = new HashSet<>();
        Set<String> operations = new HashSet<>();
        for (int i = 0; i < NAMES; i++) {
            features.add(name('f', i));
            operations.add(name('o', i));
        }
        EventCatalog catalog = new EventCatalog(features, operations, List.of("com.vendor"));
        EventAggregate aggregate = new EventAggregate(NAMES, FINGERPRINTS);
        for (String feature : features) {
            aggregate.feature(feature, AggregateFile.MAX_COUNT);
        }
        aggregate.feature(EventCatalog.OTHER, AggregateFile.MAX_COUNT);
        for (String operation : operations) {
            DurationHistogram histogram = aggregate.histogram(operation, 0);
            for (int b = 0; b < DurationHistogram.BUCKETS; b++) {
                histogram.set(b, AggregateFile.MAX_COUNT, Integer.MAX_VALUE);
            }
        }
        aggregate.histogram(EventCatalog.OTHER, 0).add(Integer.MAX_VALUE);
        for (int e = 0; e < FINGERPRINTS; e++) {
            String exception = "com.vendor." + String.join(".", segment('a', 46), segment('b', 46), segment('c', 46),
                    segment('d', 48 - String.valueOf(e).length())) + e;
            List<String> frames = new ArrayList<>();
            for (int f = 0; f < EventRecorder.MAX_OWN_FRAMES; f++) {
                frames.add("com.vendor." + String.join(".", segment('p', 60), segment('q', 60), segment('r', 60),
                        segment('S', 60)) + ".m" + "x".repeat(40) + f);
            }
            assertThat(exception).hasSize(200);
            aggregate.error(EventRecorder.fingerprint(exception, frames), exception, frames, AggregateFile.MAX_COUNT);
        }
        aggregate.error(EventCatalog.OTHER, EventCatalog.OTHER, List.of(), AggregateFile.MAX_COUNT);
        List<SpoolFileIdentity> consumed = new ArrayList<>();
        for (int c = 0; c < AggregateReader.MAX_CONSUMED; c++) {
            consumed.add(new SpoolFileIdentity("\u0001".repeat(240) + String.format("%09d", c) + ".jsonl",
                    "k".repeat(255), Long.MAX_VALUE, "t".repeat(64)));
        }
        Path file = data.resolve("events-aggregate.json.gz");
        AggregateFile.write(file, aggregate, consumed, WindowMark.NONE, false);
        EventStore store = new EventStore(file, data.resolve("events"), catalog, NAMES, FINGERPRINTS,
                Optional::empty);

        store.load();

        assertThat(log.all()).doesNotContain("not a valid aggregate");
        assertThat(store.peek()).isEqualTo(aggregate.summary());
        assertThat(store.counted(consumed.get(AggregateReader.MAX_CONSUMED - 1))).isTrue();
        long[] size = tokensAndBytes(file);
        assertThat(size[0]).as("tokens, within the limit and near it").isLessThanOrEqualTo(
                AggregateFile.maxTokens(NAMES, FINGERPRINTS)).isGreaterThan(AggregateFile.maxTokens(NAMES,
                        FINGERPRINTS) / 2);
        assertThat(size[1]).as("bytes once inflated, within the limit and near it").isLessThanOrEqualTo(
                AggregateFile.maxInflatedBytes(NAMES, FINGERPRINTS)).isGreaterThan(AggregateFile.maxInflatedBytes(
                        NAMES, FINGERPRINTS) / 2);
    }

    private static long[] tokensAndBytes(Path file) throws Exception {
        long tokens = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                JsonParser json = new JsonFactory().createParser(in)) {
            while (json.nextToken() != null) {
                tokens++;
            }
            return new long[] { tokens, json.currentLocation().getByteOffset() };
        }
    }
}
