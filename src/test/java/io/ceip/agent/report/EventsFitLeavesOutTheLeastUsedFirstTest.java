package io.ceip.agent.report;

import io.ceip.agent.events.DurationHistogram.DurationSummary;
import io.ceip.agent.events.EventAggregate.ErrorSummary;
import io.ceip.agent.events.EventAggregate.Summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EventsFit} on events of random (incompressible) names: each smaller form is tried in its order — frames of
 * fewer fingerprints, fewer fingerprints (the rest under other, counts kept), fewer feature names (under other) and
 * operations, then none — and the first that fits is the report; the same events are fitted the same way each time.
 */
class EventsFitLeavesOutTheLeastUsedFirstTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Summary> rendered = new ArrayList<>();
    private final Function<Summary, byte[]> render = summary -> {
        rendered.add(summary);
        try {
            return JSON.writeValueAsBytes(summary);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    };

    private static String random(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** {@code fingerprints} errors of counts 1..n with 8 random frames each, and {@code names} features and operations. */
    private static Summary events(int fingerprints, int names) {
        Random random = new Random(11);
        Map<String, ErrorSummary> errors = new TreeMap<>();
        for (int i = 1; i <= fingerprints; i++) {
            List<String> frames = new ArrayList<>();
            for (int f = 0; f < 8; f++) {
                frames.add("com.demo." + random(random, 40));
            }
            errors.put("%016x".formatted(i), new ErrorSummary("java.lang.IllegalStateException", i, frames));
        }
        Map<String, Long> features = new TreeMap<>();
        Map<String, DurationSummary> durations = new TreeMap<>();
        for (int i = 1; i <= names; i++) {
            features.put("f." + random(random, 40), (long) i);
            durations.put("o." + random(random, 40), new DurationSummary(i, 1, 2, 3, 4));
        }
        return new Summary(features, errors, durations);
    }

    private long size(Summary events) {
        return EventsFit.gzipSize(render.apply(events));
    }

    @Test
    void eventsThatFitAreLeftAsTheyAre() {
        Summary events = events(10, 10);
        byte[] json = render.apply(events);
        rendered.clear();

        assertThat(new EventsFit(1 << 20).fit("r", events, json, render, false)).isSameAs(json);
        assertThat(rendered).as("nothing rendered again").isEmpty();
    }

    @Test
    void theFramesOfTheLeastFrequentFingerprintsGoFirst() {
        Summary events = events(64, 4);
        long limit = size(events) * 6 / 10; // about the half with the most frames fits
        rendered.clear();

        byte[] fitted = new EventsFit(limit).fit("r", events, render.apply(events), render, true);

        assertThat(EventsFit.gzipSize(fitted)).isLessThanOrEqualTo(limit);
        Summary sent = rendered.get(rendered.size() - 1);
        assertThat(sent.errors()).hasSize(64);
        assertThat(sent.errors().values().stream().filter(e -> !e.frames().isEmpty()).mapToLong(ErrorSummary::count))
                .as("the most frequent keep their frames").hasSize(32).allMatch(count -> count > 32);
        assertThat(sent.features()).isEqualTo(events.features());
        assertThat(sent.durations()).isEqualTo(events.durations());
    }

    @Test
    void thenFingerprintsAreCountedUnderOtherWithTheirCounts() {
        Summary events = events(512, 1);
        Summary noFrames = new Summary(events.features(), new TreeMap<>(events.errors()), events.durations());
        noFrames.errors().replaceAll((k, e) -> new ErrorSummary(e.exception(), e.count(), List.of()));
        long limit = size(noFrames) * 7 / 10; // no frames at all is still too big
        rendered.clear();

        new EventsFit(limit).fit("r", events, render.apply(events), render, false);

        Summary sent = rendered.get(rendered.size() - 1);
        assertThat(sent.errors()).containsKey("other").hasSizeLessThan(512);
        assertThat(sent.errors().values().stream().mapToLong(ErrorSummary::count).sum())
                .as("every error still counted").isEqualTo(512L * 513 / 2);
        assertThat(sent.errors().values()).allMatch(e -> e.frames().isEmpty());
        List<Summary> once = new ArrayList<>(rendered);
        rendered.clear();
        new EventsFit(limit).fit("r", events, render.apply(events), render, false);
        assertThat(rendered).as("the same forms, in the same order, for the same events").isEqualTo(once);
    }

    @Test
    void thenFeatureNamesAndOperationsThenNothing() {
        Summary events = events(4, 256);
        Summary folded = new Summary(events.features(), Map.of("other", new ErrorSummary("other", 10, List.of())),
                events.durations());
        long limit = size(folded) / 3;
        rendered.clear();

        new EventsFit(limit).fit("r", events, render.apply(events), render, false);
        Summary sent = rendered.get(rendered.size() - 1);
        assertThat(sent.features()).containsKey("other").hasSizeLessThan(256);
        assertThat(sent.features().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(256L * 257 / 2);
        assertThat(sent.durations()).hasSizeLessThan(256);

        long none = size(new Summary(Map.of(), Map.of(), Map.of()));
        rendered.clear();
        new EventsFit(none).fit("r", events, render.apply(events), render, false);
        assertThat(rendered.get(rendered.size() - 1).isEmpty()).as("only no events fit: no events").isTrue();
    }

    /** Too big without any event as well: not the events' doing; the report is left as it is, nothing said. */
    @Test
    void aReportTooBigWithoutEventsIsLeftAsItIs() {
        Summary events = events(4, 4);
        byte[] json = render.apply(events);
        rendered.clear();

        assertThat(new EventsFit(20).fit("r", events, json, render, true)).isSameAs(json);
        assertThat(rendered).as("only the form without events tried").hasSize(1)
                .allMatch(Summary::isEmpty);
    }
}
