package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.ConsentSettingFile;
import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP intake while the events' window cannot be written (here a directory planted at
 * {@code events-aggregate.json.gz}; a full disk alike): every request is answered 503, nothing counted, and the log
 * says so as it says the intake's other refusals, for the first and then the first of each second, naming the file and
 * what lies there. Before, each request wrote its own WARN line ("the aggregate cannot be flushed
 * (UncheckedIOException)"): a product sending again at once wrote as many lines as requests, none saying what was
 * wrong.
 */
class EventsHttpIntakeThatCannotStoreIsSaidOncePerSecondTest {

    private static final int REQUESTS = 50;
    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";

    @TempDir
    Path data;

    @Test
    void requestsThatCannotBeStoredAreAnswered503AndLoggedAtMostOnceASecond() throws Exception {
        Files.createDirectories(data.resolve("events-aggregate.json.gz").resolve("x"));
        ConsentPolicy consent = new ConsentPolicy(Map.of(), new ConsentSettingFile(data.resolve("consent")), null,
                ConsentLevel.FULL, 3, new ConsentAudit(data.resolve("consent-audit.log"), Clock.systemUTC()));
        EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, 100, 100, consent.audit()::eventsSince);
        EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);
        EventSpool spool = new EventSpool(data.resolve("events"), store, recorder, 1 << 20, 1000);
        IntakeToken token = IntakeToken.loadOrCreate(data.resolve("events-token"));
        String bearer = "Bearer " + Files.readString(data.resolve("events-token")).strip();
        EventIntake intake = new EventIntake(store, recorder, spool, consent,
                new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME)), token,
                new EventIntake.Bounds(1000, 1 << 20, 1000));

        try (LogCapture log = LogCapture.attach()) {
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                EventIntake.Answer answer = intake.receive(new ByteArrayInputStream(EXPORT.getBytes(
                        StandardCharsets.UTF_8)), bearer, "application/x-ndjson", null);
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.body()).isEqualTo("{\"error\":\"events cannot be stored now\"}");
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(log.shown().lines().filter(line -> line.contains("HTTP intake")).count())
                    .as("%d requests in %d s", REQUESTS, seconds).isLessThanOrEqualTo(seconds + 2);
            assertThat(log.shown()).contains("events-aggregate.json.gz: a directory, not a regular file")
                    .contains("answered 503");
        }
        assertThat(spool.accepted()).isZero();
    }
}
