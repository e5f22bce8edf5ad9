package io.ceip.agent.events;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EventRecorder}'s cache of recent errors holds no raw error (its frames may be up to
 * {@code ceip.events.max-line-bytes} each, 1 MiB at the range's top): once recorded, a raw error is free to be
 * collected while the recorder lives, and the same error recorded again still gives the same fingerprint.
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
        EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);
        EventAggregate aggregate = new EventAggregate(100, 100);
        List<String> frames = List.of("com.vendor.a.B.run", "com.vendor.c.D.go");
        recorder.record(new Event.Error("java.lang.IllegalStateException", frames), aggregate);
        recorder.record(new Event.Error("java.lang.IllegalStateException", new ArrayList<>(frames)), aggregate);
        List<String> joined = List.of("com.vendor.a.B.runcom.vendor.c.D.go");
        recorder.record(new Event.Error("java.lang.IllegalStateException", joined), aggregate);

        assertThat(aggregate.summary().errors()).hasSize(2)
                .containsValue(new EventAggregate.ErrorSummary("java.lang.IllegalStateException", 2, frames))
                .containsValue(new EventAggregate.ErrorSummary("java.lang.IllegalStateException", 1, joined));
    }
}
