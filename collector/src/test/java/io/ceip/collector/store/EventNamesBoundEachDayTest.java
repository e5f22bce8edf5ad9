package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.EventNames.Kind;
import io.ceip.collector.support.LogLines;

import org.junit.jupiter.api.Test;

/**
 * The names the store takes (bound 40 a day and kind, so 2 new ones a report): a report cannot bring more than its
 * share; a day cannot take more than its bound (one line says so); a name taken on one of the last three days stays
 * taken, whatever is invented after midnight; an older day (a Kafka backlog) never gets a bound of its own.
 */
class EventNamesBoundEachDayTest {

    private final EventNames names = new EventNames(40, 40);

    @Test
    void aReportBringsAtMostItsShareADayAtMostItsBound() {
        EventNames.Report first = names.report(100);
        assertThat(first.admit(Kind.FEATURE, "a")).isTrue();
        assertThat(first.admit(Kind.FEATURE, "b")).isTrue();
        assertThat(first.admit(Kind.FEATURE, "c")).as("past the report's share").isFalse();
        assertThat(first.admit(Kind.FEATURE, "a")).as("taken").isTrue();
        assertThat(first.admit(Kind.OPERATION, "c")).as("another kind, its own share").isTrue();

        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < 19; i++) {
                EventNames.Report report = names.report(100);
                assertThat(report.admit(Kind.FEATURE, "x" + i)).isTrue();
                assertThat(report.admit(Kind.FEATURE, "y" + i)).isTrue();
            }
            assertThat(names.report(100).admit(Kind.FEATURE, "z")).as("the day's 40 taken").isFalse();
            assertThat(names.report(100).admit(Kind.FEATURE, "z2")).isFalse();
            assertThat(log.lines()).filteredOn(line -> line.contains("max-event-names-per-day")).singleElement()
                    .asString().contains("collector.store.max-event-names-per-day (40) reached for feature names"
                            + " received on 1970-04-11: further new ones are stored as other");
        }
        assertThat(names.report(100).admit(Kind.FEATURE, "x3")).as("taken names stay").isTrue();
    }

    @Test
    void namesTakenOnTheLastDaysStayTakenAndAnOlderDayGetsNoBound() {
        EventNames.Report known = names.report(100);
        known.admit(Kind.ERROR, "f1");
        known.admit(Kind.ERROR, "f2");

        EventNames.Report afterMidnight = names.report(101);
        assertThat(afterMidnight.admit(Kind.ERROR, "junk1")).isTrue();
        assertThat(afterMidnight.admit(Kind.ERROR, "junk2")).isTrue();
        assertThat(afterMidnight.admit(Kind.ERROR, "f1")).as("taken yesterday, not counted").isTrue();
        assertThat(afterMidnight.admit(Kind.ERROR, "f2")).isTrue();

        names.report(103).admit(Kind.ERROR, "later");
        EventNames.Report backlog = names.report(99);
        assertThat(backlog.admit(Kind.ERROR, "new")).as("a day before the last three: no bound of its own").isFalse();
        assertThat(backlog.admit(Kind.ERROR, "later")).as("but names taken since").isTrue();
    }
}
