package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.DeadLetterStore;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A requeue puts a rejected report back to pending, and its answer said "sent again by the next replay" of each; but
 * one larger than {@code ceip.report.max-bytes} now (rejected with 413 by a collector with a smaller limit, the
 * setting lowered to match since) is kept pending unsent by every replay ({@code SendLimit}). The answer and the log
 * line now count those apart, naming the setting, so the operator is not told they will be sent.
 */
class RequeueOfReportsOverTheReportLimitSaysSoTest {

    private static final String BIG = "aaaaaaaa-1111-4111-8111-111111111111";
    private static final String SMALL = "cccccccc-3333-4333-8333-333333333333";
    private static final int LIMIT = 100;

    @TempDir
    Path dir;

    private final TestCertificates certificates = TestCertificates.localhost();
    private final TestHttpsServer server = TestHttpsServer.start(certificates, 0);

    @AfterEach
    void stop() {
        server.close();
        System.clearProperty("ceip.config");
    }

    @Test
    void theAnswerAndTheLogCountThemApart() throws Exception {
        config();
        Path directory = Files.createDirectories(dir.resolve("data/dead-letter"));
        byte[] big = big();
        assertThat(big.length).isGreaterThan(LIMIT);
        assertThat(StoredBodies.of(SMALL).length).isLessThanOrEqualTo(LIMIT);
        StoredBodies.plant(directory, BIG, "2026-11-20T10:00:00Z", big);
        StoredBodies.plant(directory, SMALL, "2026-11-20T10:01:00Z", StoredBodies.of(SMALL));
        DeadLetterStore store = new DeadLetterStore(directory, ObjectMapper::new, Clock.systemUTC());
        store.reject(BIG, "HTTP 413", 1, "too large");
        store.reject(SMALL, "HTTP 401", 1, "unknown token");

        Result requeue;
        try (LogCapture log = LogCapture.attach()) {
            requeue = run("requeue");
            assertThat(log.all()).contains("2 rejected report(s) requeued (the requeue command): sent again by the"
                    + " next replay but 1 over ceip.report.max-bytes (" + LIMIT + "), kept pending until it allows"
                    + " them");
        }

        assertThat(requeue.code()).as(requeue.err()).isZero();
        assertThat(requeue.out()).isEqualTo("2 rejected report(s) requeued (1 over ceip.report.max-bytes (" + LIMIT
                + "): kept pending, not sent until it allows them)\n");
        assertThat(store.read(BIG).map(DeadLetter::state)).contains(DeadLetter.PENDING);
        assertThat(store.read(SMALL).map(DeadLetter::state)).contains(DeadLetter.PENDING);
    }

    /** A body that does not compress: well over the limit as gzip. */
    private static byte[] big() {
        byte[] random = new byte[200];
        new Random(7).nextBytes(random);
        return StoredBodies.of(BIG, "\"pad\":\"" + HexFormat.of().formatHex(random) + "\"");
    }

    private void config() throws Exception {
        Path trust = certificates.writePem(dir.resolve("collector.pem"));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + dir.resolve("data"), "ceip.report.max-bytes=" + LIMIT,
                "ceip.database.url=jdbc:h2:mem:requeue-" + UUID.randomUUID(), "ceip.database.demo-data=true",
                "ceip.collector.enabled=false", "ceip.endpoint.url=" + server.url(),
                "ceip.endpoint.trust-store=" + trust, ""));
        System.setProperty("ceip.config", config.toString());
    }
}
