package io.ceip.agent.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The collection's turn: a second report waits for the first to give it back and then goes; past its patience it is
 * not made, and says which report held the turn since when; a turn given back twice (at the commit, then at the end
 * of the exchange) frees one place, not two.
 */
class OneReportAtATimeWaitsThenGivesUpTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);

    @Test
    void aSecondReportGoesWhenTheFirstGivesTheTurnBack() throws Exception {
        OneReportAtATime turns = new OneReportAtATime(Duration.ofSeconds(30), CLOCK);
        Runnable first = turns.take("report-a");

        CompletableFuture<Runnable> second = CompletableFuture.supplyAsync(() -> turns.take("report-b"));
        await("waits while the first holds the turn").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> !second.isDone());
        first.run();
        second.get(10, TimeUnit.SECONDS).run();
    }

    @Test
    void pastItsPatienceAReportIsNotMadeAndSaysWhoHeldTheTurn() {
        OneReportAtATime turns = new OneReportAtATime(Duration.ofMillis(200), CLOCK);
        turns.take("report-a");

        assertThatThrownBy(() -> turns.take("report-b")).isInstanceOf(AnotherReportCollectingException.class)
                .hasMessage("report report-a, collected since 2026-12-06T03:00:00Z, has not ended after PT0.2S (one"
                        + " report is collected at a time)");
    }

    @Test
    void aTurnGivenBackTwiceFreesOnePlace() {
        OneReportAtATime turns = new OneReportAtATime(Duration.ofMillis(200), CLOCK);
        Runnable first = turns.take("report-a");
        first.run();
        first.run();

        turns.take("report-b");
        assertThatThrownBy(() -> turns.take("report-c")).isInstanceOf(AnotherReportCollectingException.class)
                .hasMessageStartingWith("report report-b,");
    }
}
