package io.ceip.agent.events;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EventRecorder}'s cache of recent errors holds no long raw error (its frames may be up to
 * {@code ceip.events.max-line-bytes} each, 1 MiB at the range's top): once recorded, a raw error longer than
 * {@value EventRecorder#RAW_KEY_CHARS} characters is free to be collected while the recorder lives, and the same error,
 * short or long, recorded again still gives the same fingerprint.
 */
class EventRecorderCacheHoldsNoRawErrorTest {

    @Test
    void aRecordedRawErrorIsNotHeldByTheRecorder() {
        EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);
        EventAggregate aggregate = new EventAggregate(100, 100);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            frames.add("com.vendor.web.Page.show" + i + "(" + "\u4e2d".repeat(1000) + ")");
        }
        Event.Error raw = new Event.Error("java.lang.IllegalStateException", frames);
        WeakReference<Event.Error> recorded = new WeakReference<>(raw);
        recorder.record(raw, aggregate);
        raw = null;
        frames = null;

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return recorded.get() == null;
        });
        assertThat(recorder).isNotNull(); // still reachable: its cache was not what let the error go
    }

    @Test
    void theSameErrorAgainIsCountedUnderTheSameFingerprintAndAnotherSplitOfItsTextIsAnotherError() {
        sameErrorAgainAndAnotherSplit(List.of("com.vendor.a.B.run", "com.vendor.c.D.go"));
    }

    @Test
    void theSameLongErrorAgainIsCountedUnderTheSameFingerprintAndAnotherSplitOfItsTextIsAnotherError() {
        String longName = "com.vendor.a." + "B".repeat(60) + ".";
        List<String> frames = new ArrayList<>();
        for (int i = 0; frames.size() * longName.length() <= EventRecorder.RAW_KEY_CHARS; i++) {
            frames.add(longName + "run" + i + "(" + "B".repeat(40) + ".java:" + i + ")");
        }
        sameErrorAgainAndAnotherSplit(frames);
    }

    private static void sameErrorAgainAndAnotherSplit(List<String> frames) {
        EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);
        EventAggregate aggregate = new EventAggregate(100, 100);
        recorder.record(new Event.Error("java.lang.IllegalStateException", frames), aggregate);
        recorder.record(new Event.Error("java.lang.IllegalStateException", new ArrayList<>(frames)), aggregate);
        List<String> joined = List.of(frames.get(0) + frames.get(1));
        recorder.record(new Event.Error("java.lang.IllegalStateException", joined), aggregate);

        assertThat(aggregate.summary().errors()).hasSize(2)
                .containsValue(new EventAggregate.ErrorSummary("java.lang.IllegalStateException", 2,
                        new EventRecorder(EventSpoolContractTest.CATALOG).ownFrames(frames)))
                .containsValue(new EventAggregate.ErrorSummary("java.lang.IllegalStateException", 1,
                        new EventRecorder(EventSpoolContractTest.CATALOG).ownFrames(joined)));
    }
}
