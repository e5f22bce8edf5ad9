package io.ceip.agent.schedule;

import io.ceip.agent.files.StateStore;
import io.ceip.agent.support.LogCapture;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fires a cluster reported (review s20 cluster H1 and its review): a fire at or before the kept one is skipped, a
 * later one runs; of two nodes claiming one fire before their commits exactly one reports it; a kept value that is no time, or more than a day ahead of the fire (a node whose clock ran ahead),
 * is not believed and is replaced by the next report; a shared table that cannot be written costs a WARN line, never
 * the committed report; one that cannot be read when a fire comes costs a WARN line and the fire runs (before, the
 * exception ended the fire: the day's report was lost, with a stack trace at ERROR).
 */
class ReportedFiresKeepsTheLatestBelievedFireTest {

    private static final Date FIRE = Date.from(Instant.parse("2026-12-06T03:12:00Z"));

    @Test
    void aFireAtOrBeforeTheKeptOneIsSkippedALaterOneRuns() {
        ReportedFires fires = ReportedFires.shared(new MapStore());
        assertThat(fires.alreadyReported(FIRE)).isFalse();

        assertThat(fires.claim(FIRE)).isTrue();

        assertThat(fires.alreadyReported(FIRE)).isTrue();
        assertThat(fires.alreadyReported(new Date(FIRE.getTime() - 3_600_000))).isTrue();
        assertThat(fires.alreadyReported(new Date(FIRE.getTime() + 86_400_000))).isFalse();
        assertThat(fires.claim(new Date(FIRE.getTime() - 3_600_000))).as("an older fire's report is dropped").isFalse();
        assertThat(fires.alreadyReported(FIRE)).as("an older fire never moves the kept one back").isTrue();
        assertThat(fires.alreadyReported(null)).as("a report of no scheduled fire").isFalse();
        assertThat(fires.claim(null)).as("a report of no scheduled fire is always taken").isTrue();
        assertThat(ReportedFires.none().alreadyReported(FIRE)).isFalse();
        assertThat(ReportedFires.none().claim(FIRE)).isTrue();
    }

    @Test
    void aKeptValueThatIsNoTimeOrFarAheadIsNotBelievedAndIsReplaced() {
        for (String hostile : new String[] {"garbage", "-5", "99999999999999999999",
                Long.toString(FIRE.getTime() + 2 * 86_400_000L)}) {
            MapStore store = new MapStore();
            store.put(ReportedFires.NAME, hostile);
            ReportedFires fires = ReportedFires.shared(store);

            assertThat(fires.alreadyReported(FIRE)).as(hostile).isFalse();
            assertThat(fires.claim(FIRE)).as(hostile).isTrue();
            assertThat(store.get(ReportedFires.NAME)).as(hostile).hasValueSatisfying(kept -> assertThat(kept)
                    .matches(FIRE.getTime() + "/[0-9a-f-]{36}"));
        }
    }

    @Test
    void ofTwoNodesClaimingOneFireAtOnceExactlyOneReportsIt() throws Exception {
        MapStore store = new MapStore();
        ReportedFires nodeA = ReportedFires.shared(store);
        ReportedFires nodeB = ReportedFires.shared(store);
        for (int day = 0; day < 500; day++) {
            Date fire = new Date(FIRE.getTime() + day * 86_400_000L);
            java.util.concurrent.CompletableFuture<Boolean> a = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> nodeA.claim(fire));
            boolean b = nodeB.claim(fire);

            assertThat(a.get() ^ b).as("day %d: one of the two reports it, not both, not neither", day).isTrue();
        }
    }

    @Test
    void aValueKeptByAnEarlierVersionWithoutItsClaimIsStillBelieved() {
        MapStore store = new MapStore();
        store.put(ReportedFires.NAME, Long.toString(FIRE.getTime()));
        ReportedFires fires = ReportedFires.shared(store);

        assertThat(fires.alreadyReported(FIRE)).isTrue();
        assertThat(fires.claim(FIRE)).isFalse();
        assertThat(fires.claim(new Date(FIRE.getTime() + 86_400_000))).isTrue();
    }

    @Test
    void aTableThatCannotBeWrittenCostsOneLineNotTheReport() {
        MapStore broken = new MapStore() {
            @Override
            public String putIfAbsent(String name, String value) {
                throw new IllegalStateException("the cluster database does not answer");
            }
        };
        try (LogCapture log = LogCapture.attach()) {
            assertThat(ReportedFires.shared(broken).claim(FIRE)).as("a report twice rather than none").isTrue();

            assertThat(log.shown()).contains("The fire of 2026-12-06T03:12:00Z is reported, but last-reported-fire"
                    + " cannot be kept in", "(IllegalStateException)");
        }
    }

    @Test
    void aTableThatCannotBeReadRunsTheFireInOneLine() {
        MapStore broken = new MapStore() {
            @Override
            public Optional<String> get(String name) {
                throw new IllegalStateException("cannot read CEIP_STATE.last-reported-fire (PSQLException, SQLSTATE"
                        + " 08001)");
            }
        };
        try (LogCapture log = LogCapture.attach()) {
            assertThat(ReportedFires.shared(broken).alreadyReported(FIRE)).as("a report twice rather than none")
                    .isFalse();

            assertThat(log.shown()).containsOnlyOnce("Whether the fire of 2026-12-06T03:12:00Z was reported already"
                    + " cannot be read (cannot read CEIP_STATE.last-reported-fire (PSQLException, SQLSTATE 08001)):"
                    + " it is run").doesNotContain("\tat ");
        }
    }

    /** A state store in memory. */
    private static class MapStore implements StateStore {
        private final Map<String, String> values = new HashMap<>();

        @Override
        public synchronized Optional<String> get(String name) {
            return Optional.ofNullable(values.get(name));
        }

        @Override
        public synchronized String putIfAbsent(String name, String value) {
            return values.computeIfAbsent(name, n -> value);
        }

        @Override
        public synchronized void put(String name, String value) {
            values.put(name, value);
        }

        @Override
        public synchronized String replace(String name, String expected, String value) {
            if (expected.equals(values.get(name))) {
                values.put(name, value);
            }
            return values.get(name);
        }

        @Override
        public String where(String name) {
            return "memory:" + name;
        }
    }
}
