package io.ceip.agent.events;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the events are judged against ({@link EventStore}'s): the consent audit's boundary ({@code eventsSince}: the
 * later of the last withdrawal and the last time consent became full again, in the log's order, whichever process
 * wrote it), and how many times an administrator lowered consent below full in this process ({@link #lowered()}: JMX
 * {@code setConsent}), which ends at once what was being read under full. A read (a poll, a request) takes the
 * {@link Mark} before it decides consent; what it read is dropped when the mark is another by the time it is added.
 * Thread-safe.
 */
public final class EventsBoundary {

    /**
     * The boundary as a read found it before it decided consent: the audit's {@code since} and the lowerings of this
     * process so far.
     */
    public record Mark(Optional<Instant> since, long lowerings) {
    }

    private final Supplier<Optional<Instant>> eventsSince;
    private final AtomicLong lowerings = new AtomicLong();

    /** @param eventsSince the audit's {@code eventsSince}: nothing counted before it leaves */
    EventsBoundary(Supplier<Optional<Instant>> eventsSince) {
        this.eventsSince = eventsSince;
    }

    /** The mark now: take it before consent is decided for a read. */
    Mark now() {
        return new Mark(since(), lowerings.get());
    }

    /** True when the boundary moved since {@code mark} was taken: what was read under it is dropped. */
    boolean movedSince(Mark mark) {
        return !now().equals(mark);
    }

    /** Consent was lowered below full in this process: every read under full that is not added yet is dropped. */
    void lowered() {
        lowerings.incrementAndGet();
    }

    /** When consent was last withdrawn (or given again after off or basic), or empty. */
    Optional<Instant> since() {
        return eventsSince.get();
    }

    /** True when consent was withdrawn at or after {@code time}: a spool file's (the product's clock) against it. */
    boolean withdrawnSince(Instant time) {
        return since().filter(withdrawal -> !withdrawal.isBefore(time)).isPresent();
    }
}
