package io.ceip.agent.outbox;

import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s20 M2: a ledger.log that is not a regular file never stops the start; it is moved aside, itself, with one
 * WARN naming it and what it is, the status starts empty, and the next line goes to a new regular file.
 */
class LedgerAtStartSetsAsideWhatIsNotAFileTest {

    private static final String ID = "5f0c4b1e-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    private DeliveryLedger ledger() {
        return new DeliveryLedger(dir.resolve("ledger.log"), 1 << 20, 5, new SetClock("2026-12-05T10:00:00Z"));
    }

    @Test
    void aDirectoryIsMovedAsideWithWhatItHoldsAndANewLedgerIsWritten() throws Exception {
        Files.createDirectories(dir.resolve("ledger.log").resolve("inside"));

        String log = restore(ledger(), new AgentStatus());

        assertThat(log).contains("ledger.log is a directory, not a regular file: moved aside to ledger.log.refused-");
        assertThat(asides()).singleElement().satisfies(aside -> assertThat(aside.resolve("inside")).isDirectory());
        assertWritable();
    }

    @Test
    void aSymbolicLinkIsMovedItselfAndItsTargetIsNeverRead() throws Exception {
        Path target = dir.resolve("elsewhere.log");
        Files.writeString(target, "2026-12-05T09:00:00.000Z " + ID + " sha256=ab bytes=1 outcome=HTTP_202 attempt=1\n");
        Files.createSymbolicLink(dir.resolve("ledger.log"), target);
        AgentStatus status = new AgentStatus();

        String log = restore(ledger(), status);

        assertThat(log).contains("ledger.log is a symbolic link, not a regular file");
        assertThat(status.lastSuccess()).as("nothing read through the link").isNull();
        assertThat(asides()).singleElement().satisfies(aside -> assertThat(Files.readSymbolicLink(aside)).isEqualTo(target));
        assertThat(Files.readString(target)).contains(ID).doesNotContain("HTTP_503");
        assertWritable();
    }

    @Test
    void aFifoIsMovedAsideWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("ledger.log");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        String log = restore(ledger(), new AgentStatus()); // opening a fifo would block here

        assertThat(log).contains("ledger.log is a fifo, socket or device");
        assertWritable();
    }

    @Test
    void aRegularLedgerRestoresTheStatusAndStaysWhereItIs() throws Exception {
        Files.writeString(dir.resolve("ledger.log"),
                "2026-12-05T09:00:00.000Z " + ID + " sha256=ab bytes=1 outcome=HTTP_202 attempt=1\n");
        AgentStatus status = new AgentStatus();

        String log = restore(ledger(), status);

        assertThat(status.lastReportId()).isEqualTo(ID);
        assertThat(log).doesNotContain("LedgerAtStart");
        assertThat(asides()).isEmpty();
    }

    /** preview and export change nothing in the data directory: the link stays, the status starts empty. */
    @Test
    void aReadOnlyRunLeavesALinkWhereItIs() throws Exception {
        Path target = Files.writeString(dir.resolve("elsewhere.log"), "");
        Files.createSymbolicLink(dir.resolve("ledger.log"), target);
        AgentStatus status = new AgentStatus();

        try (LogCapture capture = LogCapture.attach()) {
            LedgerAtStart.restore(ledger(), status, true);
        }

        assertThat(Files.readSymbolicLink(dir.resolve("ledger.log"))).isEqualTo(target);
        assertThat(asides()).isEmpty();
        assertThat(status.lastSuccess()).isNull();
    }

    private static String restore(DeliveryLedger ledger, AgentStatus status) {
        try (LogCapture capture = LogCapture.attach()) {
            LedgerAtStart.restore(ledger, status, false);
            return capture.all();
        }
    }

    private void assertWritable() {
        ledger().record(ID, "ab", 1, "HTTP 503", 1);
        assertThat(Files.isRegularFile(dir.resolve("ledger.log"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(ledger().entries()).singleElement().extracting(DeliveryLedger.Entry::outcome).isEqualTo("HTTP_503");
    }

    private List<Path> asides() throws Exception {
        try (var names = Files.list(dir)) {
            return names.filter(p -> p.getFileName().toString().startsWith("ledger.log.refused-")).toList();
        }
    }
}
