package io.ceip.agent.schedule;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleOffsetTest {

    private static final UUID ID = UUID.fromString("3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b");

    @Test
    void theOffsetIsStableForOneInstallationAndMovesSecondsAndMinutes() {
        String cron = ScheduleOffset.apply("0 0 3 * * ?", ID);
        int offset = ScheduleOffset.seconds(ID);

        assertThat(ScheduleOffset.apply("0 0 3 * * ?", ID)).isEqualTo(cron);
        assertThat(cron).isEqualTo((offset % 60) + " " + (offset / 60) + " 3 * * ?");
    }

    @Test
    void onlyTheSecondsMoveWhenTheMinutesAreAPattern() {
        int offset = ScheduleOffset.seconds(ID);

        assertThat(ScheduleOffset.apply("0 */15 * * * ?", ID)).isEqualTo((offset % 60) + " */15 * * * ?");
        assertThat(ScheduleOffset.apply("*/30 * * * * ?", ID)).isEqualTo("*/30 * * * * ?");
    }

    @Test
    void aFleetIsSpreadOverTheHour() {
        Set<Integer> offsets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int offset = ScheduleOffset.seconds(UUID.randomUUID());
            assertThat(offset).isBetween(0, 3599);
            offsets.add(offset / 60);
        }
        assertThat(offsets).hasSizeGreaterThan(50);
    }

    @Test
    void aCronWithTheWrongNumberOfFieldsNamesTheKey() {
        assertThatThrownBy(() -> ScheduleOffset.apply("0 3 * * *", ID))
                .hasMessageStartingWith("ceip.schedule.cron: '0 3 * * *'");
    }

    @Test
    void theMinuteACronNamesIsReplacedAndSaidSo() {
        int offset = ScheduleOffset.seconds(ID);

        assertThat(ScheduleOffset.apply("0 30 2 * * ?", ID)).isEqualTo((offset % 60) + " " + (offset / 60) + " 2 * * ?");
        assertThat(ScheduleOffset.replaced("0 30 2 * * ?", offset)).isEqualTo("its minute " + offset / 60
                + " and second " + offset % 60 + " set by this installation's offset");
        assertThat(ScheduleOffset.replaced("0 */15 * * * ?", offset)).isEqualTo("its second " + offset % 60
                + " set by this installation's offset");
        assertThat(ScheduleOffset.replaced("*/30 * * * * ?", offset)).startsWith("unchanged");
    }
}
