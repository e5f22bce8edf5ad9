package io.ceip.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.support.LogCapture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copies of what was sent: the last {@code keep} bodies byte for byte, owner-only, the oldest deleted; the store's
 * file moved when it is given, written when it is not a regular file; what the class did not write (a link, a
 * directory, another name) is neither counted, followed nor deleted; a directory that cannot be written is one WARN
 * line.
 */
class SentReportsKeepTheLastTest {

    @TempDir
    Path dir;

    private final Instant start = Instant.parse("2026-12-04T05:32:21.123Z");

    private SentReports sent(int keep, int minutesLater) {
        return new SentReports(dir.resolve("sent"), keep, Clock.fixed(start.plus(Duration.ofMinutes(minutesLater)),
                ZoneOffset.UTC));
    }

    @Test
    void theLastKeepBodiesStayByteForByteAndOwnerOnly() throws Exception {
        String[] ids = new String[5];
        for (int i = 0; i < 5; i++) {
            ids[i] = UUID.randomUUID().toString();
            sent(3, i).keeper(ids[i], ("body " + i).getBytes(StandardCharsets.UTF_8)).accept(null);
        }

        List<Path> copies = sent(3, 0).copies();
        assertThat(copies).extracting(p -> p.getFileName().toString()).containsExactly(
                "20261204T053421123Z-" + ids[2] + ".json.gz", "20261204T053521123Z-" + ids[3] + ".json.gz",
                "20261204T053621123Z-" + ids[4] + ".json.gz");
        assertThat(Files.readString(copies.get(2))).isEqualTo("body 4");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copies.get(2)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sent"))))
                .isEqualTo("rwx------");
    }

    /**
     * The clock set back between deliveries (and the agent restarted): the names keep the order of delivery, so the
     * copies kept are still the last delivered, not the last by the clock.
     */
    @Test
    void aClockSetBackKeepsTheOrderOfDelivery() throws Exception {
        String[] ids = new String[4];
        int[] minutes = {10, 11, 5, 6};
        for (int i = 0; i < 4; i++) {
            ids[i] = UUID.randomUUID().toString();
            sent(3, minutes[i]).keeper(ids[i], ("body " + i).getBytes(StandardCharsets.UTF_8)).accept(null);
        }

        assertThat(sent(3, 0).copies()).extracting(p -> p.getFileName().toString()).containsExactly(
                "20261204T054321123Z-" + ids[1] + ".json.gz", "20261204T054321124Z-" + ids[2] + ".json.gz",
                "20261204T054321125Z-" + ids[3] + ".json.gz");
    }

    /**
     * Two deliveries within one millisecond (a replay of many kept reports) named by the clock alone had the same
     * time and were ordered by their report IDs: the newer could be pruned first. The second is a millisecond later.
     */
    @Test
    void twoDeliveriesWithinAMillisecondKeepTheirOrder() throws Exception {
        Clock clock = Clock.fixed(start.plusNanos(400_000), ZoneOffset.UTC);
        String first = "ffffffff-ffff-4fff-8fff-ffffffffffff";
        String second = "00000000-0000-4000-8000-000000000000";
        SentReports sent = new SentReports(dir.resolve("sent"), 1, clock);
        sent.keeper(first, new byte[] { 1 }).accept(null);
        sent.keeper(second, new byte[] { 2 }).accept(null);

        assertThat(sent.copies()).extracting(p -> p.getFileName().toString()).containsExactly(
                "20261204T053221124Z-" + second + ".json.gz");
    }

    /** A name a day or more ahead of the clock (put there, or a clock once far ahead) is not followed. */
    @Test
    void aNameFarAheadIsNotFollowed() throws Exception {
        Files.write(Files.createDirectories(dir.resolve("sent")).resolve("20271204T053221123Z-" + UUID.randomUUID()
                + ".json.gz"), new byte[] {31, -117});
        String id = UUID.randomUUID().toString();

        sent(3, 0).keeper(id, new byte[] {31, -117, 8}).accept(null);

        assertThat(sent(3, 0).copies()).extracting(p -> p.getFileName().toString())
                .contains("20261204T053221123Z-" + id + ".json.gz");
    }

    @Test
    void theStoresFileIsMovedAndALinkInItsPlaceIsNeverFollowed() throws Exception {
        Path stored = Files.write(Files.createDirectories(dir.resolve("dead-letter")).resolve("a.json.gz"),
                new byte[] {31, -117, 8});
        String id = UUID.randomUUID().toString();

        sent(3, 0).keeper(id, new byte[] {31, -117, 8}).accept(stored);

        assertThat(stored).doesNotExist();
        assertThat(Files.readAllBytes(sent(3, 0).copies().get(0))).containsExactly(31, -117, 8);

        Path outside = Files.write(dir.resolve("outside.gz"), new byte[] {1, 2, 3});
        Path link = Files.createSymbolicLink(dir.resolve("dead-letter/b.json.gz"), outside);
        sent(3, 1).keeper(UUID.randomUUID().toString(), new byte[] {31, -117, 9}).accept(link);

        List<Path> copies = sent(3, 0).copies();
        assertThat(copies).hasSize(2);
        assertThat(copies.get(1)).isRegularFile();
        assertThat(Files.readAllBytes(copies.get(1))).as("the bytes sent, not the link's target").containsExactly(31,
                -117, 9);
        assertThat(outside).hasBinaryContent(new byte[] {1, 2, 3});
    }

    @Test
    void keepLoweredToZeroDeletesTheCopiesLeftAtTheNextDelivery() throws Exception {
        for (int i = 0; i < 3; i++) {
            sent(3, i).keeper(UUID.randomUUID().toString(), new byte[] {1}).accept(null);
        }
        Path notes = Files.writeString(dir.resolve("sent/notes.txt"), "an administrator's");

        sent(0, 5).keeper(UUID.randomUUID().toString(), new byte[] {2}).accept(null);

        assertThat(sent(3, 0).copies()).isEmpty();
        assertThat(notes).hasContent("an administrator's");
    }

    @Test
    void aLinkWhereTheDirectoryShouldBeIsNeverFollowed() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("sent"), elsewhere);
        String id = UUID.randomUUID().toString();

        try (LogCapture log = LogCapture.attach()) {
            sent(3, 0).keeper(id, new byte[] {1}).accept(null);
            assertThat(log.all()).isEqualTo(SentReports.class.getName() + " The copy of delivered report " + id
                    + " cannot be kept in " + dir.resolve("sent") + " (NotDirectoryException)");
        }
        try (java.util.stream.Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void keepZeroWritesNothingAndAForeignIdIsNotANameEither() throws Exception {
        sent(0, 0).keeper(UUID.randomUUID().toString(), new byte[] {1}).accept(null);
        sent(5, 0).keeper("../../etc/passwd", new byte[] {1}).accept(null);

        assertThat(dir.resolve("sent")).doesNotExist();
    }

    @Test
    void whatItDidNotWriteIsNeitherCountedFollowedNorDeleted() throws Exception {
        Path sentDir = Files.createDirectories(dir.resolve("sent"));
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not the agent's");
        String oldest = "20000101T000000000Z-" + UUID.randomUUID() + ".json.gz";
        Path link = Files.createSymbolicLink(sentDir.resolve(oldest), outside);
        Path directory = Files.createDirectory(sentDir.resolve("20000101T000000001Z-" + UUID.randomUUID()
                + ".json.gz"));
        Path other = Files.writeString(sentDir.resolve("notes.txt"), "an administrator's");

        for (int i = 0; i < 3; i++) {
            sent(1, i).keeper(UUID.randomUUID().toString(), new byte[] {(byte) i}).accept(null);
        }

        assertThat(sent(1, 0).copies()).hasSize(1);
        assertThat(Files.readAllBytes(sent(1, 0).copies().get(0))).containsExactly(2);
        assertThat(link).isSymbolicLink();
        assertThat(outside).hasContent("not the agent's");
        assertThat(directory).isDirectory();
        assertThat(other).hasContent("an administrator's");
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsOneWarningAndNoException() throws Exception {
        Files.writeString(dir.resolve("sent"), "a file where the directory should be");
        String id = UUID.randomUUID().toString();

        try (LogCapture log = LogCapture.attach()) {
            sent(3, 0).keeper(id, new byte[] {1}).accept(null);
            assertThat(log.all()).isEqualTo(SentReports.class.getName() + " The copy of delivered report " + id
                    + " cannot be kept in " + dir.resolve("sent") + " (FileAlreadyExistsException)");
        }
    }
}
