package io.ceip.agent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a one-shot {@code ceip-agent send} may go on waiting between retries: no retry wait may end later than
 * {@code ceip.retry.send-budget} after its start, so that it answers (the report "stored for retry") before its
 * service's {@code TimeoutStartSec} (30 min) ends it with no answer: a collector answering 503 with
 * {@code Retry-After: 600} four times would make it wait 40 min. The running agent has no budget
 * ({@link #none()}): its waits are bounded by {@code ceip.retry.max-redeliveries} × {@code ceip.retry.max-retry-after}
 * per cycle, and a report whose retries end waits for the next replay.
 */
public final class RetryBudget {

    /** Exchange property: why the retries of this delivery stopped before {@code ceip.retry.max-redeliveries}. */
    public static final String SPENT = "ceipRetryBudgetSpent";

    private final Instant end;
    private final Duration budget;
    private final Clock clock;

    private RetryBudget(Instant end, Duration budget, Clock clock) {
        this.end = end;
        this.budget = budget;
        this.clock = clock;
    }

    /** No budget: every retry the settings allow is made (the running agent). */
    public static RetryBudget none() {
        return new RetryBudget(null, null, Clock.systemUTC());
    }

    /** A budget of {@code budget} from now ({@code ceip-agent send}, made at its start). */
    public static RetryBudget fromNow(Duration budget, Clock clock) {
        return new RetryBudget(clock.instant().plus(budget), budget, clock);
    }

    /** Whether a wait of {@code waitMillis} from now ends within the budget. */
    boolean allows(long waitMillis) {
        return end == null || !clock.instant().plusMillis(waitMillis).isAfter(end);
    }

    /** What the line ending the delivery says when a retry was not made (see {@link #allows}). */
    String spent(long waitMillis) {
        return "not retried: waiting " + Duration.ofMillis(waitMillis).toSeconds() + " s more would pass the send's"
                + " retry budget (ceip.retry.send-budget, " + budget.toSeconds() + " s)";
    }
}
