package io.ceip.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.store.EventNames.Kind;
import io.ceip.collector.support.LogLines;

import org.junit.jupiter.api.Test;

/**
 * Each product has its own day's bound of new values of each report column (review s19-fixes D2: one bound for all
 * products, so one product's token used up another product's new versions, OS, Java versions and database vendors);
 * a value one product brought is taken for every product without counting.
 */
class EventNamesBoundColumnsPerProductTest {

    private final EventNames names = new EventNames(40, 3);

    @Test
    void oneProductFillingItsBoundLeavesAnotherProductsBoundWhole() {
        try (LogLines log = LogLines.capture()) {
            for (Kind kind : new Kind[] {Kind.PRODUCT_VERSION, Kind.OS_NAME, Kind.JAVA_VERSION, Kind.DB_VENDOR}) {
                for (int i = 0; i < 3; i++) {
                    assertThat(names.report(100, "Hostile").admit(kind, "junk" + i)).isTrue();
                }
                assertThat(names.report(100, "Hostile").admit(kind, "junk3")).as("Hostile's 3 %s taken", kind)
                        .isFalse();
                assertThat(names.report(100, "Demo").admit(kind, "real")).as("Demo's own bound of %s", kind)
                        .isTrue();
            }
            assertThat(log.lines()).filteredOn(line -> line.contains("max-column-values-per-day")).hasSize(4)
                    .anySatisfy(line -> assertThat(line).contains("collector.store.max-column-values-per-day (3)"
                            + " reached for OS names of product 'Hostile' received on 1970-04-11: further new ones"
                            + " are stored as other"));
        }
        assertThat(names.report(100, "Demo").admit(Kind.OS_NAME, "junk1")).as("taken by Hostile, not counted").isTrue();
        assertThat(names.report(100, "Demo").admit(Kind.OS_NAME, "real2")).isTrue();
        assertThat(names.report(100, "Demo").admit(Kind.OS_NAME, "real3")).as("Demo's 3: real, real2, real3")
                .isTrue();
        assertThat(names.report(100, "Demo").admit(Kind.OS_NAME, "real4")).isFalse();
    }

    @Test
    void aRestartKeepsEachProductsBound() {
        names.seed(100, 100, Kind.OS_NAME, "Hostile", "junk0");
        names.seed(100, 100, Kind.OS_NAME, "Hostile", "junk1");
        names.seed(100, 100, Kind.OS_NAME, "Hostile", "junk2");
        names.seed(100, 100, Kind.OS_NAME, "Demo", "Linux");

        assertThat(names.report(100, "Hostile").admit(Kind.OS_NAME, "junk3")).isFalse();
        assertThat(names.report(100, "Demo").admit(Kind.OS_NAME, "AIX")).isTrue();
        assertThat(names.report(100, "Demo").admit(Kind.OS_NAME, "Solaris")).isTrue();
        assertThat(names.report(100, "Demo").admit(Kind.OS_NAME, "HP-UX")).as("Linux, AIX, Solaris").isFalse();
    }
}
