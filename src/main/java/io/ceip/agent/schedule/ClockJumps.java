package io.ceip.agent.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Notices the wall clock set back: between two calls of {@link #back} it compares how far the wall clock advanced with
 * how far the monotonic clock ({@link System#nanoTime}) did. An administrator fixing a clock, a VM restored from a
 * snapshot or an NTP step moves the wall clock only; Quartz computed the report's next fire time from the wall clock
 * and would wait the whole jump for it. A clock set forward is not this class's: Quartz's misfire handling runs a
 * missed fire once. Differences up to {@link #THRESHOLD} (NTP's slewing, a late check) are no jump.
 */
public final class ClockJumps {

    /** The smallest backward jump reported: one minute. */
    public static final Duration THRESHOLD = Duration.ofMinutes(1);

    private final Clock wall;
    private final LongSupplier nanoTime;
    private Instant lastWall;
    private long lastNanos;

    /** Starts comparing from now. */
    public ClockJumps(Clock wall, LongSupplier nanoTime) {
        this.wall = wall;
        this.nanoTime = nanoTime;
        lastWall = wall.instant();
        lastNanos = nanoTime.getAsLong();
    }

    /** How far the wall clock went back since the previous call (or the construction), when more than the threshold. */
    public synchronized Optional<Duration> back() {
        Instant nowWall = wall.instant();
        long nowNanos = nanoTime.getAsLong();
        Duration behind = Duration.ofNanos(nowNanos - lastNanos).minus(Duration.between(lastWall, nowWall));
        lastWall = nowWall;
        lastNanos = nowNanos;
        return behind.compareTo(THRESHOLD) > 0 ? Optional.of(behind) : Optional.empty();
    }
}
