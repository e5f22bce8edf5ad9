package io.ceip.agent;

import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kept report collected under {@code full} is reduced to the consent of now ({@code basic}) as a tree before it is
 * sent. One planted in the store with millions of values (18 KB of gzip: 6 million {@code {}} in an array, within
 * the store's bounds of body and JSON size) made that tree hundreds of MiB: the agent at its launcher's
 * {@code -Xmx128m -XX:+ExitOnOutOfMemoryError} ended 3 s after its start, at the first replay, and at every restart.
 * Now such a report is never parsed whole: it stays pending as a local failure (one line), and the replay goes on.
 */
class KeptReportOfMillionsOfValuesIsNeverParsedWholeTest extends AgentTestSupport {

    @Test
    void theReplayGoesOnAndTheReportIsNotSent() throws Exception {
        String planted = UUID.randomUUID().toString();
        String json = "{\"reportId\":\"" + planted + "\",\"consentLevel\":\"full\",\"generatedAt\":\"" + Instant.now()
                + "\",\"x\":[{}" + ",{}".repeat(2_000_000) + "]}";
        Files.createDirectories(dataDirectory().resolve("dead-letter"));
        StoredBodies.plant(dataDirectory().resolve("dead-letter"), planted, "2026-01-01T00:00:00Z",
                GzipDataFormat.gzip(json.getBytes(StandardCharsets.UTF_8)));
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        runReportCycle();
        String behind = deadLetters().pending().get(1).reportId();

        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            assertThat(log.all()).contains("Report " + planted + " not delivered");
        }

        assertThat(server().received()).extracting(r -> r.header("Idempotency-Key")).doesNotContain(planted)
                .contains(behind);
        assertThat(deadLetters().pending()).singleElement().extracting(DeadLetter::reportId).isEqualTo(planted);
    }
}
