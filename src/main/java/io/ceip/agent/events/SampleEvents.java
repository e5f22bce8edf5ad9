package io.ceip.agent.events;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The demo's sample events, aggregated as if from a spool file, in memory: never spooled, flushed to the window's file
 * with the next batch read (a spool file, a request), counted in the spool's counters.
 */
public final class SampleEvents {

    /** The longest sample line read (each is far shorter; a longer one would be counted as refused). */
    static final int SAMPLE_LINE_BYTES = 64 * 1024;

    private SampleEvents() {
    }

    /** Aggregates {@code events} (a line each) into {@code store}'s window in memory; returns how many were accepted. */
    public static long accept(EventSpool spool, EventStore store, EventRecorder recorder, Iterable<String> events) {
        EventAggregate delta = store.empty();
        byte[] text = (String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8);
        EventLines.Counted counted;
        try {
            counted = new EventLines(recorder, SAMPLE_LINE_BYTES).read(new ByteArrayInputStream(text), delta,
                    Long.MAX_VALUE, Long.MAX_VALUE, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array is never short of bytes
        }
        store.addInMemory(delta);
        spool.tally(counted.accepted(), counted.refused());
        return counted.accepted();
    }
}
