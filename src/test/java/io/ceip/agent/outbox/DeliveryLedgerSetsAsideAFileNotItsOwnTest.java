package io.ceip.agent.outbox;

import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.SetClock;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code ledger.log} that is not the agent's own regular file: another user's (a {@code ceip-agent send} run once as
 * root, whose rotation made a new {@code ledger.log} owned by root, {@code 0600}), or one this user may not write. The
 * agent's user could neither append to it nor read it: every delivery's line was lost, each with a WARN line, for as
 * long as the agent ran, and at every restart (the store's {@code store.lock} of another user was already moved
 * aside; the ledger was not). It is now moved aside, itself, with one WARN line, before a line is appended and at
 * start, and the line goes to a new ledger. Run as root, the test gives the file to another user; otherwise it takes
 * the write permission away: either way it is not the agent's to append to.
 */
class DeliveryLedgerSetsAsideAFileNotItsOwnTest {

    private static final String OLD = "2026-12-05T09:00:00.000Z 5f0c4b1e-0000-4000-8000-000000000001 sha256=ab bytes=1"
            + " outcome=HTTP_202 attempt=1 destination=vendor\n";
    private static final String NEXT = "5f0c4b1e-0000-4000-8000-000000000002";

    @TempDir
    Path dir;

    @Test
    void aLineIsWrittenToANewLedgerAndTheOtherUsersFileIsKeptAside() throws Exception {
        Path file = notOwn();
        DeliveryLedger ledger = new DeliveryLedger(file, 1 << 20, 5, new SetClock("2026-12-05T10:00:00Z"));

        String log;
        try (LogCapture capture = LogCapture.attach()) {
            ledger.record(NEXT, "cd", 20, "HTTP_202", 2);
            ledger.record(NEXT, "cd", 20, "HTTP_202", 3);
            log = capture.all();
        }

        assertThat(DeliveryLedger.read(file)).extracting(DeliveryLedger.Entry::attempt).containsExactly(2, 3);
        assertThat(OwnerOnlyFiles.attributes(file).get("uid")).isEqualTo((int) OwnerOnlyFiles.currentUid());
        assertThat(asides()).singleElement().satisfies(aside -> assertThat(Files.readString(aside)).isEqualTo(OLD));
        assertThat(log.lines()).singleElement().asString().contains("ledger.log is a file ")
                .contains(": moved aside to ledger.log.refused-");
    }

    @Test
    void atStartTheOtherUsersFileIsSetAsideAndTheStatusStartsEmpty() throws Exception {
        Path file = notOwn();
        AgentStatus status = new AgentStatus();

        LedgerAtStart.restore(new DeliveryLedger(file, 1 << 20, 5, new SetClock("2026-12-05T10:00:00Z")), status,
                false);

        assertThat(file).doesNotExist();
        assertThat(asides()).hasSize(1);
        assertThat(status.lastSuccess()).isNull();
    }

    /** A ledger.log with one line that is not the agent's to append to: another user's when run as root. */
    private Path notOwn() throws Exception {
        Path file = Files.writeString(dir.resolve("ledger.log"), OLD);
        if (OwnerOnlyFiles.currentUid() == 0) {
            Files.setAttribute(file, "unix:uid", 65534);
        } else {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        }
        return file;
    }

    private List<Path> asides() throws Exception {
        List<Path> asides = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "ledger.log.refused-*")) {
            files.forEach(asides::add);
        }
        return asides;
    }
}
