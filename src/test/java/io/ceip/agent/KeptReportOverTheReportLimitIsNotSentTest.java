package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ceip.report.max-bytes} is "the largest gzip report that may be sent", whatever report: a kept report larger
 * than it now (the administrator lowered it after the report was kept, or a body planted in the store) is not sent by
 * a replay. It stays in the store as it is, pending (never deleted: sent once the setting allows it), one line names
 * its ID and sizes once, the replay's answer counts it, and the replay goes on with the reports after it. Before, the
 * replay sent it. Consent is checked first: with consent withdrawn it is deleted unsent as any kept report.
 */
class KeptReportOverTheReportLimitIsNotSentTest extends AgentTestSupport {

    private static final String BIG = "aaaaaaaa-1111-4111-8111-111111111111";
    private static final String SMALL = "cccccccc-3333-4333-8333-333333333333";
    private static final int LIMIT = 100;

    @Override
    protected Properties overrides() {
        return with("ceip.report.max-bytes", Integer.toString(LIMIT));
    }

    @Test
    void aReplayKeepsItUnsentAndDeliversTheOthers() throws Exception {
        byte[] big = big();
        byte[] small = StoredBodies.of(SMALL);
        assertThat(big.length).isGreaterThan(LIMIT);
        assertThat(small.length).isLessThanOrEqualTo(LIMIT);
        Path store = Files.createDirectories(dataDirectory().resolve("dead-letter"));
        StoredBodies.plant(store, BIG, "2026-11-20T10:00:00Z", big); // the oldest: the replay meets it first
        StoredBodies.plant(store, SMALL, "2026-11-20T10:01:00Z", small);
        byte[] meta = Files.readAllBytes(store.resolve(BIG + ".meta.json"));

        try (LogCapture log = LogCapture.attach()) {
            assertThat(replayDeadLetters()).isOne();
            assertThat(management().replayDeadLetters())
                    .isEqualTo("0 delivered, 1 still pending (1 over ceip.report.max-bytes: kept, not sent)");

            assertThat(server().received()).extracting(r -> r.header("Idempotency-Key")).containsExactly(SMALL);
            assertThat(log.all().lines().filter(line -> line.contains(BIG))).containsExactly(
                    "io.ceip.agent.delivery.SendLimit Kept report " + BIG + " not sent: " + big.length
                            + " bytes gzip is over ceip.report.max-bytes (" + LIMIT + "); it stays in the dead-letter"
                            + " store, sent once the setting allows it (or deleted by purgeDeadLetters())");
            assertThat(log.all()).doesNotContain("Replay stopped");
        }
        assertThat(store.resolve(BIG + ".json.gz")).as("kept as it is").hasBinaryContent(big);
        assertThat(store.resolve(BIG + ".meta.json")).as("no attempt recorded").hasBinaryContent(meta);
        assertThat(management().getDeadLetterPending()).isOne();
        assertThat(management().getDeadLetterQuarantined()).isZero();
        assertThat(Files.readString(dataDirectory().resolve("ledger.log"))).doesNotContain(BIG);
    }

    @Test
    void withConsentWithdrawnItIsDeletedUnsentAsAnyKeptReport() throws Exception {
        Path store = Files.createDirectories(dataDirectory().resolve("dead-letter"));
        StoredBodies.plant(store, BIG, "2026-11-20T10:00:00Z", big());

        assertThat(management().setConsent("off")).endsWith("; 1 kept report deleted unsent");

        assertThat(store.resolve(BIG + ".json.gz")).doesNotExist();
        assertThat(server().received()).isEmpty();
    }

    /** Review day32: a requeue over JMX put it back to pending as "sent again by the next replay". */
    @Test
    void aRequeueOverJmxCountsItApart() throws Exception {
        Path store = Files.createDirectories(dataDirectory().resolve("dead-letter"));
        StoredBodies.plant(store, BIG, "2026-11-20T10:00:00Z", big());
        Files.writeString(store.resolve(BIG + ".meta.json"), Files.readString(store.resolve(BIG + ".meta.json"))
                .replace("\"pending\"", "\"rejected\""));

        assertThat(management().requeueRejected()).isEqualTo("1 rejected report(s) requeued (1 over"
                + " ceip.report.max-bytes (" + LIMIT + "): kept pending, not sent until it allows them)");
    }

    /** A body that does not compress: well over the limit as gzip. */
    private static byte[] big() {
        byte[] random = new byte[200];
        new Random(7).nextBytes(random);
        return StoredBodies.of(BIG, "\"pad\":\"" + HexFormat.of().formatHex(random) + "\"");
    }
}
