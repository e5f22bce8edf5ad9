package io.ceip.agent.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the report's trigger on time when the wall clock goes back (one node's schedule, Quartz in memory): every
 * {@link #PERIOD}, on one daemon thread of its own ({@value #THREAD}, timed by the monotonic clock, so a clock set back
 * does not stall it as it would a {@link java.util.Timer}), it asks {@link ClockJumps} whether the wall clock went back
 * and, when it did, has Quartz compute the trigger's next fire time again from now, with one INFO line naming the jump
 * and the next report. A trigger that is paused, absent or not yet scheduled is left alone; a failure is one WARN line
 * and is tried again at the next check.
 */
public final class ClockWatch implements AutoCloseable {

    /** How often the clocks are compared: a report is at most this late after its clock went back. */
    public static final Duration PERIOD = Duration.ofMinutes(1);
    static final String THREAD = "ceip-clock-watch";
    private static final Logger LOG = LoggerFactory.getLogger(ClockWatch.class);

    private final ClockJumps jumps;
    private final Supplier<Scheduler> scheduler;
    private final TriggerKey trigger;
    private final Clock clock;
    private Duration pending;
    private ScheduledExecutorService executor;

    /**
     * @param scheduler Quartz's scheduler once it is made (null before)
     * @param trigger the report's trigger
     */
    public ClockWatch(ClockJumps jumps, Supplier<Scheduler> scheduler, TriggerKey trigger, Clock clock) {
        this.jumps = jumps;
        this.scheduler = scheduler;
        this.trigger = trigger;
        this.clock = clock;
    }

    /** Starts the checks on the watch's thread. */
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One check: when the wall clock went back (now or at a check whose recomputation failed), the report trigger's
     * next fire time computed again from now; that time, or empty when nothing was recomputed.
     */
    public synchronized Optional<Date> check() {
        jumps.back().ifPresent(back -> pending = pending == null ? back : pending.plus(back));
        if (pending == null) {
            return Optional.empty();
        }
        try {
            Scheduler quartz = scheduler.get();
            Trigger.TriggerState state = quartz == null ? Trigger.TriggerState.NONE : quartz.getTriggerState(trigger);
            if (state != Trigger.TriggerState.NORMAL && state != Trigger.TriggerState.BLOCKED) {
                return Optional.empty();
            }
            Trigger stored = quartz.getTrigger(trigger);
            Date next = quartz.rescheduleJob(trigger, stored.getTriggerBuilder().startAt(Date.from(clock.instant()))
                    .build());
            ZoneId zone = (stored instanceof CronTrigger cron ? cron.getTimeZone() : TimeZone.getDefault()).toZoneId();
            LOG.info("Schedule: the clock went back by {}, next report at {}", shown(pending),
                    next == null ? "never" : next.toInstant().atZone(zone));
            pending = null;
            return Optional.ofNullable(next);
        } catch (SchedulerException | RuntimeException e) {
            LOG.warn("Schedule: the clock went back by {}, but the report's next fire time could not be computed"
                    + " again ({}); tried again in {} s", shown(pending), e.getClass().getSimpleName(),
                    PERIOD.toSeconds());
            return Optional.empty();
        }
    }

    /** A jump as days and h:mm:ss ({@code 3 d 00:00:05}). */
    static String shown(Duration jump) {
        return String.format("%d d %02d:%02d:%02d", jump.toDays(), jump.toHoursPart(), jump.toMinutesPart(),
                jump.toSecondsPart());
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
