package io.ceip.agent.schedule;

import io.ceip.agent.files.StateStore;
import io.ceip.agent.files.UnusableEntryException;

import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The time zone of one node's schedule: Quartz computes the report's cron in the agent JVM's default time zone
 * ({@code -Duser.timezone}, {@code TZ}, the system's). The running agent records it at each start under the data
 * directory ({@value #NAME}), so that {@code status}, run in a JVM of its own (a shell of another {@code TZ}),
 * computes the next run in the agent's zone, not its own.
 */
public final class ScheduleZone {

    /** The state entry holding the zone's ID. */
    public static final String NAME = "schedule-time-zone";

    /** A zone and where it comes from, for {@code status}. */
    public record Shown(TimeZone zone, String source) {
    }

    private ScheduleZone() {
    }

    /** Records {@code zone} as the schedule's, unless it is recorded already (an unusable entry is set aside). */
    public static void record(StateStore state, TimeZone zone) {
        Optional<String> recorded;
        try {
            recorded = state.get(NAME);
        } catch (UnusableEntryException e) {
            recorded = Optional.empty();
        }
        if (!recorded.equals(Optional.of(zone.getID()))) {
            state.put(NAME, zone.getID());
        }
    }

    /**
     * The zone the agent recorded at its last start; else, saying so, {@code fallback} (the zone of the JVM asking):
     * none recorded yet, or an entry that is no usable time zone ID (never shown).
     */
    public static Shown shown(StateStore state, TimeZone fallback) {
        String instead = "; computed in this JVM's time zone " + fallback.getID() + " instead";
        try {
            Optional<String> recorded = state.get(NAME);
            if (recorded.isEmpty()) {
                return new Shown(fallback, "the agent's time zone is not recorded yet (" + state.where(NAME)
                        + ", written at its start)" + instead);
            }
            return new Shown(TimeZone.getTimeZone(ZoneId.of(recorded.get(), ZoneId.SHORT_IDS)),
                    "the agent's time zone, recorded at its last start");
        } catch (UncheckedIOException | DateTimeException e) {
            return new Shown(fallback, state.where(NAME) + " holds no usable time zone ID" + instead);
        }
    }
}
