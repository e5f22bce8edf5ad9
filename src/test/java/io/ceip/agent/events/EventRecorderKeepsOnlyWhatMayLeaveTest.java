package io.ceip.agent.events;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an event leaves in the aggregate: declared names or other, an error's own frames without file and line, its
 * exception type only when it is the product's or the platform's, a fingerprint that ignores line numbers, never
 * the message; and the bounds, past which events are counted under other.
 */
class EventRecorderKeepsOnlyWhatMayLeaveTest {

    private final EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);

    @Test
    void namesThatAreNotDeclaredAreCountedAsOther() {
        EventAggregate aggregate = new EventAggregate(100, 100);
        recorder.record(new Event.Feature("dashboards.open"), aggregate);
        recorder.record(new Event.Feature("Initech admin page"), aggregate);
        recorder.record(new Event.Duration("deploy", 5), aggregate);
        recorder.record(new Event.Duration("hunter2", 7), aggregate);

        assertThat(aggregate.summary().features()).isEqualTo(Map.of("dashboards.open", 1L, "other", 1L));
        assertThat(aggregate.summary().durations()).containsOnlyKeys("deploy", "other");
        assertThat(aggregate.summary().toString()).doesNotContain("Initech").doesNotContain("hunter2");
    }

    @Test
    void anErrorKeepsItsOwnFramesWithoutLinesAndAFingerprintThatIgnoresLineNumbers() {
        EventAggregate aggregate = new EventAggregate(100, 100);
        List<String> frames = List.of("com.vendor.Foo.bar(Foo.java:12)", "\tat org.customer.Secret.run(Secret.java:1)",
                "at com.vendor.web.Page.show(hunter2.java:88)", "com.vendor.Bad name(x)", "java.lang.Thread.run");
        recorder.record(new Event.Error("java.lang.IllegalStateException", frames), aggregate);
        recorder.record(new Event.Error("java.lang.IllegalStateException", List.of("com.vendor.Foo.bar(Foo.java:13)",
                "com.vendor.web.Page.show(Page.java:90)")), aggregate);

        assertThat(aggregate.summary().errors()).hasSize(1);
        EventAggregate.ErrorSummary error = aggregate.summary().errors().values().iterator().next();
        assertThat(error.count()).isEqualTo(2);
        assertThat(error.frames()).containsExactly("com.vendor.Foo.bar", "com.vendor.web.Page.show");
        assertThat(aggregate.summary().errors().keySet()).singleElement().asString().matches("[0-9a-f]{16}");
    }

    @Test
    void anExceptionTypeThatIsNeitherOwnNorPlatformIsOther() {
        EventRecorder r = recorder;
        assertThat(r.exceptionType("java.lang.IllegalStateException")).isEqualTo("java.lang.IllegalStateException");
        assertThat(r.exceptionType("com.vendor.DeployFailed")).isEqualTo("com.vendor.DeployFailed");
        assertThat(r.exceptionType("org.customer.InitechException")).isEqualTo("other");
        assertThat(r.exceptionType("ValueError")).isEqualTo("other");
        assertThat(r.exceptionType("java.lang.Exception: password hunter2")).isEqualTo("other");
        assertThat(r.exceptionType("com.vendor.evil\n2026 forged log line")).isEqualTo("other");
    }

    @Test
    void pastTheBoundsEventsAreCountedAsOther() {
        EventRecorder wide = new EventRecorder(new EventCatalog(java.util.Set.of("a", "b", "c"), java.util.Set.of("x", "y"),
                List.of("com.vendor")));
        EventAggregate aggregate = new EventAggregate(2, 1);
        for (String name : List.of("a", "b", "c", "c", "zzz")) {
            wide.record(new Event.Feature(name), aggregate);
        }
        wide.record(new Event.Error("java.io.IOException", List.of()), aggregate);
        wide.record(new Event.Error("java.lang.IllegalStateException", List.of()), aggregate);
        wide.record(new Event.Error("java.lang.IllegalStateException", List.of()), aggregate);

        assertThat(aggregate.summary().features()).isEqualTo(Map.of("a", 1L, "b", 1L, "other", 3L));
        assertThat(aggregate.summary().errors()).hasSize(2).containsKey("other");
        assertThat(aggregate.summary().errors().get("other").count()).isEqualTo(2);
        assertThat(aggregate.overflow()).isEqualTo(4);
    }

}
