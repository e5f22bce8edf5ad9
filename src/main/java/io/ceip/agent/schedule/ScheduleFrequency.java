package io.ceip.agent.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.quartz.CronExpression;

/**
 * How often a schedule fires: a report queries the product database and sends, so one more often than once an hour
 * is refused unless {@code ceip.schedule.allow-frequent} allows it (tests, demos). The offset does not spread such a
 * schedule (it moves only numeric seconds and minutes), so a fleet would fire in the same second.
 */
public final class ScheduleFrequency {

    /** The shortest time between two fires allowed by default. */
    public static final Duration LEAST = Duration.ofHours(1);
    /** How many fires from now are looked at (a cron may fire twice close together once a day only). */
    static final int FIRES = 400;

    private ScheduleFrequency() {
    }

    /** The shortest time between two of the next fires of {@code cron} from {@code now}, if shorter than {@link #LEAST}. */
    public static Optional<Duration> tooFrequent(String cron, Instant now) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            return Optional.empty(); // refused by the settings check already
        }
        Date previous = expression.getNextValidTimeAfter(Date.from(now));
        for (int i = 0; previous != null && i < FIRES; i++) {
            Date next = expression.getNextValidTimeAfter(previous);
            if (next != null) {
                Duration gap = Duration.between(previous.toInstant(), next.toInstant());
                if (gap.compareTo(LEAST) < 0) {
                    return Optional.of(gap);
                }
            }
            previous = next;
        }
        return Optional.empty();
    }
}
