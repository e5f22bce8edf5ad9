package io.ceip.agent.events;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform exception type is kept only when the JVM knows it as a {@link Throwable}; asking the platform class
 * loader about a name makes it keep a lock object for that name for good (its parallel lock map), found or not. A
 * product sending made-up {@code java.} types, each new, grew the agent's heap by about 128 bytes a type, never freed:
 * 300,000 held 37 MiB, a million 122 MiB (the launcher's heap is 128 MiB). A type is now asked for only when its
 * class file is in a module the platform class loader sees.
 */
class EventRecorderMadeUpPlatformTypesHoldNoMemoryTest {

    private static final int TYPES = 300_000;

    @Test
    void madeUpPlatformTypesLeaveNothingBehind() {
        EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);
        EventAggregate aggregate = new EventAggregate(100, 100);
        recorder.record(new Event.Error("java.lang.IllegalStateException", List.of()), aggregate);
        long before = usedAfterCollection();

        for (int i = 0; i < TYPES; i++) {
            recorder.record(new Event.Error("java.lang.MadeUpException" + i, List.of()), aggregate);
        }

        long held = usedAfterCollection() - before;
        assertThat(held).as("bytes held after %d made-up types", TYPES).isLessThan(8L << 20);
        assertThat(aggregate.errors().values()).extracting(EventAggregate.ErrorSummary::exception)
                .containsOnly("java.lang.IllegalStateException", EventCatalog.OTHER);
        assertThat(recorder.exceptionType("java.sql.SQLException")).as("a real one is still kept")
                .isEqualTo("java.sql.SQLException");
        assertThat(recorder.exceptionType("java.lang.Thread$State")).as("a class, not a Throwable")
                .isEqualTo(EventCatalog.OTHER);
    }

    private static long usedAfterCollection() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
