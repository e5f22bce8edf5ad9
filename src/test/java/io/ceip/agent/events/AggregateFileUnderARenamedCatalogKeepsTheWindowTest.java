package io.ceip.agent.events;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A product upgrade that renames a declared feature, drops an operation, moves its packages or lowers the bounds
 * keeps the pending window (the review's reproduction): what is no longer declared is counted under other, as a fresh
 * undeclared event is; an error's type and frames are derived again with today's catalog; past today's bounds, other.
 * No line says the file is not valid, and it stays.
 */
class AggregateFileUnderARenamedCatalogKeepsTheWindowTest {

    private static final EventCatalog BEFORE = new EventCatalog(Set.of("dashboards.open", "views.custom.save"),
            Set.of("deploy", "report.render"), List.of("com.vendor"));

    @TempDir
    Path data;
    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private EventStore store(EventCatalog catalog, int maxNames) {
        return new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"), catalog, maxNames,
                100, Optional::empty);
    }

    /** 500 dashboards.open, 300 views.custom.save, 200 deploy durations, counted and flushed under {@link #BEFORE}. */
    private void countedBefore(Event... more) {
        EventStore before = store(BEFORE, 100);
        EventRecorder recorder = new EventRecorder(BEFORE);
        EventAggregate delta = before.empty();
        for (int i = 0; i < 500; i++) {
            recorder.record(new Event.Feature("dashboards.open"), delta);
        }
        for (int i = 0; i < 300; i++) {
            recorder.record(new Event.Feature("views.custom.save"), delta);
        }
        for (int i = 0; i < 200; i++) {
            recorder.record(new Event.Duration("deploy", 1000 + i), delta);
        }
        for (Event event : more) {
            recorder.record(event, delta);
        }
        before.add(delta, List.of(), before.readStarts());
    }

    @Test
    void aRenamedFeatureGoesToOtherAndEverythingElseIsKept() {
        countedBefore();
        EventStore after = store(new EventCatalog(Set.of("dashboards.open", "views.save"), Set.of("deploy"),
                List.of("com.vendor")), 100);

        after.load();

        assertThat(after.peek().features()).isEqualTo(Map.of("dashboards.open", 500L, "other", 300L));
        assertThat(after.peek().durations().get("deploy").count()).isEqualTo(200);
        assertThat(after.peek().durations().get("deploy").max()).isEqualTo(1199);
        assertThat(after.file()).exists();
        assertThat(log.all()).doesNotContain("not a valid aggregate");
    }

    @Test
    void anOperationNoLongerDeclaredAndAnErrorNoLongerTheProductsOwnAreCountedAsFreshEventsAreToday() {
        List<String> frames = List.of("com.vendor.web.Page.show(Page.java:12)", "java.lang.Thread.run");
        countedBefore(new Event.Duration("report.render", 40), new Event.Error("com.vendor.DeployFailed", frames));
        EventCatalog today = new EventCatalog(Set.of("dashboards.open", "views.custom.save"), Set.of("deploy"),
                List.of("com.other"));
        EventStore after = store(today, 100);

        after.load();

        assertThat(after.peek().durations()).containsOnlyKeys("deploy", "other");
        assertThat(after.peek().durations().get("other").count()).isEqualTo(1);
        EventAggregate fresh = new EventAggregate(100, 100);
        new EventRecorder(today).record(new Event.Error("com.vendor.DeployFailed", frames), fresh);
        assertThat(after.peek().errors()).isEqualTo(fresh.summary().errors())
                .containsValue(new EventAggregate.ErrorSummary("other", 1, List.of()));
        assertThat(log.all()).doesNotContain("not a valid aggregate");
    }

    @Test
    void boundsLoweredSinceCountPastThemUnderOther() {
        countedBefore();
        EventStore after = store(BEFORE, 1);

        after.load();

        Map<String, Long> features = after.peek().features();
        assertThat(features).as("one name within the bound (whichever came first), the other under other")
                .isIn(Map.of("dashboards.open", 500L, "other", 300L), Map.of("views.custom.save", 300L, "other", 500L));
        assertThat(after.overflowed()).as("not counted as new overflow since start").isZero();
        assertThat(after.file()).exists();
        assertThat(log.all()).doesNotContain("not a valid aggregate");
    }
}
