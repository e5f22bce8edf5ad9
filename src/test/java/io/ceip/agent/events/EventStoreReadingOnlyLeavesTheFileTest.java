package io.ceip.agent.events;

import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preview} and {@code export} ({@link EventStore#readsOnly()}) never remove or rewrite
 * {@code events-aggregate.json.gz}: a file that is not valid, or one written before consent was last withdrawn, is
 * just not used (the same bytes and time after, even after an export's commit); the running agent (not read-only)
 * removes both, as before. An export of a valid window commits it as a stored report does (not carried again).
 */
class EventStoreReadingOnlyLeavesTheFileTest {

    @TempDir
    Path data;
    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private EventStore store(Optional<Instant> withdrawal, boolean readsOnly) {
        EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, 100, 100, () -> withdrawal);
        if (readsOnly) {
            store.readsOnly();
        }
        return store;
    }

    private Path file(String json, Instant written) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        Path file = data.resolve("events-aggregate.json.gz");
        Files.deleteIfExists(file);
        Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), out.toByteArray());
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }

    private static String snapshot(Path file) throws Exception {
        return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS) + " "
                + java.util.Arrays.hashCode(Files.readAllBytes(file));
    }

    @Test
    void aFileThatIsNotValidIsLeftAsItIsAndNotUsed() throws Exception {
        Path file = file("{\"version\":1,\"features\":{\"reports.export\":-5}}", Instant.now().minusSeconds(60));
        String before = snapshot(file);
        EventStore preview = store(Optional.empty(), true);

        preview.load();

        assertThat(preview.peek().isEmpty()).isTrue();
        assertThat(snapshot(file)).isEqualTo(before);
        assertThat(log.all()).contains("events-aggregate.json.gz is not a valid aggregate (it holds a count that is"
                + " not a whole number from 0 to 1000000000000000); not used, left as it is (this command changes"
                + " nothing)");

        store(Optional.empty(), false).load();
        assertThat(file).as("the running agent removes it").doesNotExist();
    }

    @Test
    void aFileWrittenBeforeAWithdrawalIsLeftAsItIsAndNotShown() throws Exception {
        Instant written = Instant.now().minusSeconds(60);
        Path file = file("{\"version\":1,\"features\":{\"reports.export\":5}}", written);
        String before = snapshot(file);
        EventStore export = store(Optional.of(written.plusSeconds(1)), true);

        export.load();
        assertThat(export.peek().isEmpty()).isTrue();
        assertThat(export.seal().isEmpty()).as("an export carries none of it").isTrue();
        export.commit(export.seal());
        export.discard();

        assertThat(snapshot(file)).isEqualTo(before);
        store(Optional.of(written.plusSeconds(1)), false).load();
        assertThat(file).as("the running agent removes it").doesNotExist();
    }

    @Test
    void anExportOfAValidWindowCommitsItAsAStoredReportDoesAndWritesNothingElse() throws Exception {
        Path file = file("{\"version\":1,\"features\":{\"reports.export\":5}}", Instant.now().minusSeconds(60));
        String before = snapshot(file);
        EventStore export = store(Optional.empty(), true);
        export.load();
        EventAggregate delta = export.empty();
        delta.feature("dashboards.open", 1);
        export.add(delta, List.of(), export.readStarts());
        assertThat(snapshot(file)).as("nothing written by an add").isEqualTo(before);

        EventAggregate.Summary sealed = export.seal();
        export.commit(sealed);

        assertThat(sealed.features()).containsEntry("reports.export", 5L).containsEntry("dashboards.open", 1L);
        EventStore next = store(Optional.empty(), false);
        next.load();
        assertThat(next.peek().isEmpty()).as("what the export carried is not carried again").isTrue();
    }
}
