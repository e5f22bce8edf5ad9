package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent's periodic routes run on Camel's scheduler (timed by the monotonic clock), not on java.util.Timer threads
 * (timed by the wall clock: a clock set back by days stalled them for days): one thread each, named after its route,
 * so a long replay never holds up the other replay or the consent watch, and the thread count stays what it was. The
 * consent watch's thread looks every second, but an agent left alone makes no exchange of it.
 */
class ScheduledRoutesRunOnThreadsOfTheirOwnTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        // the schedule on for the start-up report's route, whose report is a day away
        return toTheCustomer("ceip.dead-letter.replay-enabled", "true", "ceip.dead-letter.replay-period", "100",
                "ceip.schedule.enabled", "true", "ceip.schedule.initial-delay", "86400000");
    }

    @Test
    void eachPeriodicRouteHasOneSchedulerThreadAndNoneATimer() {
        NotifyBuilder watched = new NotifyBuilder(context()).fromRoute("ceip-consent-watch").whenDone(1).create();
        NotifyBuilder fired = new NotifyBuilder(context()).fromRoute("ceip-replay").whenDone(2).and()
                .fromRoute("ceip-customer-replay").whenDone(2).create();
        assertThat(fired.matches(20, TimeUnit.SECONDS)).as("the replays ran").isTrue();
        // the watch looks every second but makes an exchange only when data/consent changed (ConsentWatchPolls):
        // an exchange a second kept camel-main's idle check (camel.durationIdle, mvn camel:run) from ever ending
        assertThat(watched.matches(3, TimeUnit.SECONDS)).as("no exchange of the consent watch, nothing changed")
                .isFalse();

        // awaited: a context an earlier test in this JVM stopped may still be ending its threads
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(periodicThreads())
                .containsExactlyInAnyOrder("scheduler://ceip-replay", "scheduler://ceip-customer-replay",
                        "scheduler://ceip-consent-watch", "scheduler://ceip-startup-report"));
    }

    /** What Camel names the threads of its scheduler and timer components after: "... - scheduler://name". */
    private static List<String> periodicThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.matches(".* - (scheduler|timer)://ceip-.*"))
                .map(name -> name.substring(name.lastIndexOf(" - ") + 3)).toList();
    }
}
