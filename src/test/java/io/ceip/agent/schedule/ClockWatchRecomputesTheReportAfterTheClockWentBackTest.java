package io.ceip.agent.schedule;

import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wall clock set back by days (a clock fixed, a VM restored from a snapshot) left Quartz's next fire time of the
 * report, computed under the old clock, days away: nothing was sent for that long. The watch notices the jump (the
 * wall clock advanced less than the monotonic one) and has Quartz compute the next fire time again from now. A real
 * Quartz scheduler in memory, as on one node; the trigger is computed under a clock three days ahead.
 */
class ClockWatchRecomputesTheReportAfterTheClockWentBackTest {

    private static final TriggerKey REPORT = TriggerKey.triggerKey("report", "ceip");
    private static final Duration DAYS = Duration.ofDays(3);

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final AtomicInteger fires = new AtomicInteger();
    private final CountDownLatch fired = new CountDownLatch(1);
    private Scheduler scheduler;

    @BeforeEach
    void quartz() throws Exception {
        Properties properties = new Properties();
        properties.put("org.quartz.scheduler.instanceName", "clock-" + UUID.randomUUID());
        properties.put("org.quartz.threadPool.threadCount", "1");
        properties.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(properties).getScheduler();
        scheduler.setJobFactory((bundle, quartz) -> context -> {
            fires.incrementAndGet();
            fired.countDown();
        });
        scheduler.start();
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdown(false);
    }

    @Test
    void aClockSetBackByDaysHasTheNextFireComputedAgainFromNow() throws Exception {
        String cron = "0 17 3 * * ?";
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        SetClock clock = new SetClock(now.plus(DAYS).toString());
        ClockWatch watch = watch(clock, cron);
        Date underTheOldClock = scheduler.getTrigger(REPORT).getNextFireTime();
        assertThat(underTheOldClock).as("the fire time computed before the clock went back")
                .isAfter(Date.from(Instant.now().plus(DAYS).minusSeconds(1)));

        clock.now = now;
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        try (LogCapture log = LogCapture.attach()) {
            Optional<Date> next = watch.check();
            // Quartz's first fire of a trigger starting at now: now itself included
            Date expected = expression(cron).getNextValidTimeAfter(Date.from(now.minusSeconds(1)));
            assertThat(next).contains(expected);
            assertThat(scheduler.getTrigger(REPORT).getNextFireTime()).isEqualTo(expected);
            assertThat(log.shown()).contains("io.ceip.agent.schedule.ClockWatch Schedule: the clock went back by 3 d"
                    + " 00:01:00, next report at " + expected.toInstant().atZone(TimeZone.getDefault().toZoneId()));
        }
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        clock.now = clock.now.plusSeconds(60);
        assertThat(watch.check()).as("the jump is recomputed once").isEmpty();
    }

    @Test
    void theRecomputedTriggerFires() throws Exception {
        SetClock clock = new SetClock(Instant.now().plus(DAYS).toString());
        ClockWatch watch = watch(clock, "0/1 * * * * ?");
        assertThat(scheduler.getTrigger(REPORT).getNextFireTime()).as("under the old clock")
                .isAfter(Date.from(Instant.now().plus(DAYS).minusSeconds(1)));
        clock.now = Instant.now();
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(watch.check()).isPresent();
        assertThat(fired.await(10, TimeUnit.SECONDS)).as("fired after the recomputation").isTrue();
    }

    @Test
    void noJumpAForwardJumpOrASmallStepBackRecomputeNothing() throws Exception {
        // ahead of the real clock: Quartz's own thread (real time) must not see the trigger's fire as missed
        SetClock clock = new SetClock(Instant.now().plus(DAYS).toString());
        ClockWatch watch = watch(clock, "0 17 3 * * ?");
        Date next = scheduler.getTrigger(REPORT).getNextFireTime();
        clock.now = clock.now.plusSeconds(60);
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(watch.check()).as("both clocks advanced alike").isEmpty();
        clock.now = clock.now.plus(DAYS);
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(watch.check()).as("forward: Quartz's misfire handling").isEmpty();
        clock.now = clock.now.minusSeconds(50);
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(watch.check()).as("a step back within the threshold").isEmpty();
        assertThat(scheduler.getTrigger(REPORT).getNextFireTime()).isEqualTo(next);
    }

    @Test
    void aPausedOrMissingTriggerIsLeftAloneAndAJumpIsKeptForTheNextCheck() throws Exception {
        SetClock clock = new SetClock(Instant.now().plus(DAYS).toString());
        ClockWatch watch = watch(clock, "0 17 3 * * ?");
        scheduler.pauseTrigger(REPORT);
        clock.now = Instant.now();
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(watch.check()).isEmpty();
        assertThat(scheduler.getTriggerState(REPORT)).isEqualTo(Trigger.TriggerState.PAUSED);
        scheduler.resumeTrigger(REPORT);
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        clock.now = clock.now.plusSeconds(60);
        assertThat(watch.check()).as("the jump seen before, recomputed now").isPresent();
    }

    /** A clock set forward: Quartz runs the missed fires once, not one per missed day. */
    @Test
    void aClockSetForwardRunsOneMissedFireNotABurst() throws Exception {
        scheduler.scheduleJob(JobBuilder.newJob(NoJob.class).withIdentity("report", "ceip")
                .build(), TriggerBuilder.newTrigger().withIdentity(REPORT).startAt(Date.from(Instant.now().minus(DAYS)))
                .withSchedule(CronScheduleBuilder.cronSchedule("0 17 3 * * ?")
                        .withMisfireHandlingInstructionFireAndProceed()).build());
        assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.getTrigger(REPORT).getNextFireTime()).as("the next fire: after now")
                .isAfter(new Date());
        assertThat(fires).hasValue(1);
    }

    private ClockWatch watch(SetClock clock, String cron) throws Exception {
        ClockWatch watch = new ClockWatch(new ClockJumps(clock, nanos::get), () -> scheduler, REPORT, clock);
        scheduler.scheduleJob(JobBuilder.newJob(NoJob.class).withIdentity("report", "ceip").build(),
                TriggerBuilder.newTrigger().withIdentity(REPORT).startAt(Date.from(clock.now))
                        .withSchedule(CronScheduleBuilder.cronSchedule(cron)
                                .withMisfireHandlingInstructionFireAndProceed()).build());
        return watch;
    }

    private static CronExpression expression(String cron) throws Exception {
        CronExpression expression = new CronExpression(cron);
        expression.setTimeZone(TimeZone.getDefault());
        return expression;
    }

    /** The job class of the rows; the scheduler's job factory runs the test's counter instead. */
    public static final class NoJob implements org.quartz.Job {
        @Override
        public void execute(org.quartz.JobExecutionContext context) {
        }
    }
}
