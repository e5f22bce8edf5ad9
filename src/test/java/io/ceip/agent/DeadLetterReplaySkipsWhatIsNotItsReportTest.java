package io.ceip.agent;

import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the agent runs, an entry whose body is not its own report (written there after the start's check) is skipped
 * by every replay, one line once, counted, and never sent; it neither stops the replay (it is not the collector being
 * unreachable) nor keeps the reports after it from being delivered. Nor does a report the agent cannot prepare for
 * sending (its own, with a consent level it does not know): it stays pending, said at each replay.
 */
class DeadLetterReplaySkipsWhatIsNotItsReportTest extends AgentTestSupport {

    private static final String NOT_JSON = "aaaaaaaa-1111-4111-8111-111111111111";
    private static final String FOREIGN = "bbbbbbbb-2222-4222-8222-222222222222";
    private static final String UNPREPARED = "eeeeeeee-5555-4555-8555-555555555555";
    private static final String GOOD = "cccccccc-3333-4333-8333-333333333333";

    @Test
    void theReplaySkipsThemOnceAndDeliversTheReportsAfterThem() throws Exception {
        Path store = Files.createDirectories(dataDirectory().resolve("dead-letter"));
        StoredBodies.plant(store, NOT_JSON, "2026-11-20T10:00:00Z",
                GzipDataFormat.gzip("<html>".getBytes(StandardCharsets.UTF_8)));
        StoredBodies.plant(store, FOREIGN, "2026-11-20T10:01:00Z",
                GzipDataFormat.gzip("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8)));
        StoredBodies.plant(store, UNPREPARED, "2026-11-20T10:01:30Z", StoredBodies.of(UNPREPARED,
                "\"consentLevel\":\"everything\""));
        StoredBodies.plant(store, GOOD, "2026-11-20T10:02:00Z", StoredBodies.of(GOOD));

        try (LogCapture log = LogCapture.attach()) {
            assertThat(replayDeadLetters()).isEqualTo(1);
            assertThat(replayDeadLetters()).as("nothing left to send").isZero();

            assertThat(server().received()).extracting(r -> r.header("Idempotency-Key")).containsExactly(GOOD);
            assertThat(log.all().lines().filter(line -> line.contains(" skipped ("))).containsExactlyInAnyOrder(
                    skipped(NOT_JSON, "body is not one JSON object"), skipped(FOREIGN, "body has no reportId"));
            assertThat(log.all()).doesNotContain("Replay stopped");
            assertThat(log.shown()).contains("Report " + UNPREPARED + " not delivered after 1 attempt(s)"
                    + " (IllegalArgumentException); kept in the dead-letter store for replay");
        }
        assertThat(management().getDeadLetterQuarantined()).isEqualTo(2);
        assertThat(management().getDeadLetterPending()).as("the one it could not prepare, kept").isOne();
        assertThat(store.resolve(FOREIGN + ".json.gz")).as("left for the next start's quarantine").exists();
    }

    private static String skipped(String reportId, String problem) {
        return "io.ceip.agent.outbox.DeadLetterStore Dead-letter store: entry " + reportId + " skipped (" + problem
                + "); it is never sent, and is quarantined at the next start";
    }
}
