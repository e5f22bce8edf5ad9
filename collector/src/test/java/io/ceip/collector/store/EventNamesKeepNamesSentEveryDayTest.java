package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.EventNames.Kind;

import org.junit.jupiter.api.Test;

/**
 * A name the fleet sends every day stays taken for as long as it is sent, however many days pass and whatever a
 * client invents after midnight (review s19-fixes D1: it aged out three day entries after it was first taken, and a
 * day's bound filled with made-up values then stored it as other); a name sent again does not count against the
 * day's bound of new names; a name not sent for {@value EventNames#DAYS_KEPT} day entries has to be taken anew.
 */
class EventNamesKeepNamesSentEveryDayTest {

    private final EventNames names = new EventNames(40, 5); // 40 event names a day (2 a report), 5 column values

    @Test
    void aColumnValueSentEveryDayStaysTakenWhenMadeUpValuesFillTheDay() {
        assertThat(names.report(0).admit(Kind.OS_NAME, "Linux")).as("day 0: new").isTrue();
        for (long day = 1; day < 2 * EventNames.DAYS_KEPT + 2; day++) {
            for (int i = 0; i < 5; i++) {
                assertThat(names.report(day).admit(Kind.OS_NAME, "junk-" + day + "-" + i))
                        .as("day %d: made-up value %d, within the day's bound", day, i).isTrue();
            }
            assertThat(names.report(day).admit(Kind.OS_NAME, "junk-" + day + "-5"))
                    .as("day %d: the day's bound of new values is full", day).isFalse();
            assertThat(names.report(day).admit(Kind.OS_NAME, "Linux")).as("day %d: Linux, sent every day", day)
                    .isTrue();
        }
    }

    @Test
    void aNameSentEveryDayStaysTakenAndSendingItAgainCountsNothing() {
        names.report(0).admit(Kind.FEATURE, "open");
        for (long day = 1; day < 2 * EventNames.DAYS_KEPT + 2; day++) {
            for (int i = 0; i < 20; i++) {
                EventNames.Report report = names.report(day);
                assertThat(report.admit(Kind.FEATURE, "open")).as("day %d, report %d: taken", day, i).isTrue();
                assertThat(report.admit(Kind.FEATURE, "f" + day + "a" + i)).isTrue();
                assertThat(report.admit(Kind.FEATURE, "f" + day + "b" + i))
                        .as("day %d, report %d: open, sent again, is not counted against the report's share"
                                + " nor the day's bound of 40", day, i).isTrue();
            }
            assertThat(names.report(day).admit(Kind.FEATURE, "made-up")).as("day %d: the 40 new taken", day).isFalse();
            assertThat(names.report(day).admit(Kind.FEATURE, "open")).as("day %d: open still taken", day).isTrue();
        }
    }

    @Test
    void aNameNotSentForTheDaysKeptIsTakenAnew() {
        names.report(0).admit(Kind.JAVA_VERSION, "11.0.2");
        for (long day = 1; day <= EventNames.DAYS_KEPT; day++) {
            for (int i = 0; i < 5; i++) {
                names.report(day).admit(Kind.JAVA_VERSION, "j" + day + "-" + i);
            }
        }
        assertThat(names.report(EventNames.DAYS_KEPT).admit(Kind.JAVA_VERSION, "11.0.2"))
                .as("last sent %d day entries ago, and the day's bound full", EventNames.DAYS_KEPT).isFalse();
    }
}
