package io.ceip.agent;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.support.SetClock;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A huge {@code ledger.log} (planted, or grown while its rotation failed; here 64 GiB of a sparse file, so the test
 * costs no disk) was read whole for its last entries at every start, {@code preview}, {@code export} and
 * {@code status}: 10 GiB took 7 s of zeros in the agent's start and 28 s in {@code status} on this machine, 1 GiB of
 * real lines 23 s, before the agent started or the command answered. Only its last {@code ceip.ledger.max-bytes} are
 * read now, which hold every line of a ledger its rotation kept within that size.
 */
class AHugeLedgerIsReadFromItsTailTest {

    private static final long SIZE = 64L << 30;
    private static final String LINE = "%s %s sha256=ab bytes=10 outcome=%s attempt=1 destination=vendor\n";

    @TempDir
    Path dir;
    private Path data;
    private Path ledger;
    private String delivered;
    private String failed;

    @BeforeEach
    void plantTheLedger() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        ledger = data.resolve("ledger.log");
        delivered = UUID.randomUUID().toString();
        failed = UUID.randomUUID().toString();
        try (RandomAccessFile file = new RandomAccessFile(ledger.toFile(), "rw")) {
            file.write(String.format(LINE, "2026-12-01T10:00:00.000Z", UUID.randomUUID(), "HTTP_202")
                    .getBytes(StandardCharsets.US_ASCII)); // the first line: far past the tail, never read
            file.setLength(SIZE);
            file.seek(SIZE);
            file.write(("\n" + String.format(LINE, "2026-12-05T10:00:00.000Z", delivered, "HTTP_202")
                    + String.format(LINE, "2026-12-05T10:10:00.000Z", failed, "HTTP_503"))
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void theStatusIsRestoredFromItsLastLinesAtOnce() {
        DeliveryLedger file = new DeliveryLedger(ledger, 1024 * 1024, 5, new SetClock("2026-12-06T10:00:00Z"));
        AgentStatus status = new AgentStatus();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> status.restore(file));

        assertThat(status.lastReportId()).isEqualTo(failed);
        assertThat(status.lastStatus()).isEqualTo("HTTP 503");
        assertThat(status.lastSuccess()).hasToString("2026-12-05T10:00:00Z");
    }

    @Test
    void statusAnswersAtOnceWithTheLastLines() throws Exception {
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:ledger-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", ""));
        System.setProperty("ceip.config", config.toString());

        Result result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("status"));

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("last delivery:   2026-12-05T10:00:00.000Z report " + delivered)
                .contains("last attempt:    2026-12-05T10:10:00.000Z report " + failed);
    }
}
