package io.ceip.agent.events;

import io.ceip.agent.events.EventAggregate.Summary;
import io.ceip.agent.support.LogCapture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spool's contract on real files, without the route: bad lines counted and skipped, the rest counted; a file
 * too large, a link and a line too long refused without being read; a poll's files flushed once, owner-only, and
 * deleted only after that flush; a crash before the flush or between the flush and the deletes counts nothing twice
 * and loses nothing; a damaged aggregate file is one line and an empty window.
 */
class EventSpoolContractTest {

    static final EventCatalog CATALOG = new EventCatalog(Set.of("dashboards.open", "reports.export"),
            Set.of("deploy"), List.of("com.vendor"));
    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";

    @TempDir
    Path data;
    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private EventStore store() {
        return new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"), CATALOG, 100, 100,
                Optional::empty);
    }

    private EventSpool spool(EventStore store, long maxFileBytes, int maxLineBytes) {
        return new EventSpool(data.resolve("events"), store, new EventRecorder(CATALOG), maxFileBytes, maxLineBytes);
    }

    /** The store of a process started anew: read back from disk. */
    private EventStore reloaded() {
        EventStore store = store();
        store.load();
        return store;
    }

    /** The poll reads {@code files}, in this order. */
    private static void read(EventSpool spool, Path... files) {
        for (Path file : files) {
            spool.consume(file.toString());
        }
    }

    /** A whole poll over {@code files}: read, flushed, deleted; how many events it flushed. */
    private static long poll(EventSpool spool, Path... files) {
        read(spool, files);
        return spool.endOfPoll();
    }

    private Path spoolFile(String name, String content) throws Exception {
        Files.createDirectories(data.resolve("events"));
        Path temp = data.resolve("events").resolve("." + name + ".tmp");
        Files.writeString(temp, content);
        return Files.move(temp, data.resolve("events").resolve(name));
    }

    @Test
    void badLinesAreCountedAndSkippedAndTheRestIsCounted() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        Path file = spoolFile("a.jsonl", String.join("\n",
                "{\"type\":\"feature\",\"name\":\"dashboards.open\"}",
                "garbage",
                "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\r",
                "",
                "{\"type\":\"feature\",\"name\":\"" + "x".repeat(300) + "\"}",
                "{\"type\":\"click\"}",
                "{\"type\":\"feature\",\"name\":\"beta.undeclared\"}",
                "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":120}",
                "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":99999999999}",
                "{\"type\":\"error\",\"exception\":\"java.io.IOException\",\"message\":\"disk of jdoe full\"}"));

        assertThat(spool.consume(file.toString())).isEqualTo(5);
        assertThat(spool.endOfPoll()).isEqualTo(5);

        assertThat(spool.refusedLines()).isEqualTo(4);
        assertThat(file).doesNotExist();
        Summary summary = store.peek();
        assertThat(summary.features()).containsExactly(java.util.Map.entry("dashboards.open", 2L),
                java.util.Map.entry("other", 1L));
        assertThat(summary.durations().get("deploy").count()).isEqualTo(1);
        assertThat(summary.errors().values()).singleElement()
                .satisfies(e -> assertThat(e.exception()).isEqualTo("java.io.IOException"));
        assertThat(log.all()).contains("a.jsonl: 5 event(s) accepted, 4 line(s) refused (first at line 2: not-json)")
                .doesNotContain("jdoe").doesNotContain("xxxxx");
        assertThat(Files.getPosixFilePermissions(store.file(), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    /** A Windows writer's file starts with a UTF-8 byte order mark: its first event is read, not refused. */
    @Test
    void aByteOrderMarkBeforeTheFirstLineIsSkipped() throws Exception {
        EventSpool spool = spool(store(), 1 << 20, 200);
        Path file = spoolFile("bom.jsonl", "\uFEFF" + EXPORT + EXPORT);

        assertThat(spool.consume(file.toString())).isEqualTo(2);
        assertThat(spool.refusedLines()).isZero();
    }

    @Test
    void aFileTooLargeIsRefusedUnread() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1024, 200);
        Path file = spoolFile("big.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n".repeat(100));

        assertThat(spool.consume(file.toString())).isZero();
        assertThat(spool.endOfPoll()).isZero();

        assertThat(spool.refusedFiles()).isEqualTo(1);
        assertThat(file).as("a refused file is deleted").doesNotExist();
        assertThat(store.peek().isEmpty()).isTrue();
        assertThat(Files.exists(store.file())).as("nothing flushed for a refused file").isFalse();
        assertThat(log.all()).contains("big.jsonl refused: 4400 bytes, more than ceip.events.max-file-bytes (1024)");
    }

    @Test
    void aSymbolicLinkIsRefusedAndItsTargetNeverRead() throws Exception {
        Path target = Files.writeString(data.resolve("secret.jsonl"),
                "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n");
        Files.createDirectories(data.resolve("events"));
        Path link = Files.createSymbolicLink(data.resolve("events/link.jsonl"), target);
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);

        assertThat(spool.consume(link.toString())).isZero();

        assertThat(spool.refusedFiles()).isEqualTo(1);
        assertThat(store.peek().isEmpty()).isTrue();
        assertThat(log.all()).contains("link.jsonl refused: not a regular file");
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).as("the link itself is deleted").isFalse();
        assertThat(Files.readString(target)).as("the target is untouched").contains("dashboards.open");
    }

    @Test
    void aPollIsFlushedOnceAndOnlyThenAreItsFilesDeleted() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        List<Path> files = List.of(spoolFile("1.jsonl", EXPORT.repeat(2)), spoolFile("2.jsonl", EXPORT),
                spoolFile("3.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n"));
        read(spool, files.toArray(Path[]::new));
        assertThat(files).as("read, not yet flushed: still in the spool").allMatch(Files::exists);
        assertThat(store.file()).as("no flush per file").doesNotExist();
        assertThat(spool.accepted()).isZero();

        assertThat(spool.endOfPoll()).isEqualTo(4);

        assertThat(files).noneMatch(Files::exists);
        assertThat(spool.accepted()).isEqualTo(4);
        assertThat(reloaded().peek().features()).containsExactly(java.util.Map.entry("dashboards.open", 1L),
                java.util.Map.entry("reports.export", 3L));
    }

    @Test
    void aCrashBetweenTheFlushAndTheDeletesCountsNothingTwice() throws Exception {
        Path file = spoolFile("once.jsonl", EXPORT.repeat(3));
        Path other = spoolFile("twice.jsonl", EXPORT);
        EventSpool before = spool(store(), 1 << 20, 200);
        read(before, file, other);
        assertThat(before.flushOnly()).isTrue();
        // the process dies here: the poll is flushed, none of its spool files deleted

        EventStore after = reloaded();
        EventSpool restarted = spool(after, 1 << 20, 200);
        assertThat(restarted.consume(file.toString())).as("the same file again").isZero();
        assertThat(restarted.consume(other.toString())).isZero();
        assertThat(restarted.endOfPoll()).isZero();
        assertThat(file).as("deleted unread").doesNotExist();
        assertThat(other).doesNotExist();
        assertThat(after.peek().features()).containsExactly(java.util.Map.entry("reports.export", 4L));
        assertThat(log.all()).contains("once.jsonl was counted already; deleted unread");

        Path again = spoolFile("once.jsonl", EXPORT.repeat(5));
        assertThat(restarted.consume(again.toString())).as("a new file under the same name is read").isEqualTo(5);
        restarted.endOfPoll();
        assertThat(after.peek().features()).containsExactly(java.util.Map.entry("reports.export", 9L));
    }

    @Test
    void aCrashBeforeTheFlushReadsThePollsFilesAgainAndCountsThemOnce() throws Exception {
        EventStore first = store();
        EventSpool spool = spool(first, 1 << 20, 200);
        poll(spool, spoolFile("b.jsonl", EXPORT));
        Path c = spoolFile("c.jsonl", EXPORT.repeat(2));
        Path d = spoolFile("d.jsonl", EXPORT.repeat(3));
        read(spool, c, d);
        // killed before the end of that poll: nothing of c or d flushed, both still in the spool

        EventStore restarted = reloaded();
        EventSpool again = spool(restarted, 1 << 20, 200);
        poll(again, c, d);
        assertThat(restarted.peek().features()).containsExactly(java.util.Map.entry("reports.export", 6L));
    }

    @Test
    void aFailedPollLeavesItsFilesAndTheNextPollCountsThemOnce() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        Path file = spoolFile("e.jsonl", EXPORT.repeat(2));
        spool.consume(file.toString());
        spool.dropPoll();
        assertThat(file).exists();
        assertThat(spool.endOfPoll()).as("nothing left to flush").isZero();

        assertThat(poll(spool, file)).isEqualTo(2);
        assertThat(store.peek().features()).containsExactly(java.util.Map.entry("reports.export", 2L));
    }

    @Test
    void aPollWhoseFlushFailsSaysItLeftFilesOnceSoThatTheGreedyPollWaits() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        Path blocked = Files.createDirectories(store.file().resolve("in-the-way")); // the aggregate cannot be written
        Path file = spoolFile("g.jsonl", EXPORT);

        assertThat(poll(spool, file)).as("not flushed").isZero();
        assertThat(file).as("read again later").exists();
        assertThat(spool.leftFiles()).isTrue();
        assertThat(spool.leftFiles()).as("once").isFalse();

        Files.delete(blocked);
        Files.delete(store.file());
        assertThat(poll(spool, file)).isEqualTo(1);
        assertThat(file).doesNotExist();
        assertThat(spool.leftFiles()).as("a poll that ends well leaves nothing").isFalse();
    }

    @Test
    void aFileWrittenAgainDuringThePollIsNotDeletedUnread() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        spool.consume(spoolFile("f.jsonl", EXPORT).toString());
        Path replaced = spoolFile("f.jsonl.next", EXPORT.repeat(4));
        Files.move(replaced, data.resolve("events/f.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        spool.endOfPoll();

        assertThat(data.resolve("events/f.jsonl")).as("the product's new file waits for the next poll").exists();
        assertThat(poll(spool, data.resolve("events/f.jsonl"))).isEqualTo(4);
        assertThat(store.peek().features()).containsExactly(java.util.Map.entry("reports.export", 5L));
    }

    @Test
    void aReportSealsTheWindowAndItsCommitDropsOnlyWhatItCarried() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        poll(spool, spoolFile("1.jsonl", EXPORT));
        Summary sealed = store.seal();
        poll(spool, spoolFile("2.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n"));

        EventStore reloaded = store();
        reloaded.load();
        assertThat(reloaded.peek().features()).as("the sealed part is still on disk until the commit")
                .containsOnlyKeys("reports.export", "dashboards.open");

        store.commit(sealed);
        assertThat(store.peek().features()).containsOnlyKeys("dashboards.open");
        EventStore afterCommit = store();
        afterCommit.load();
        assertThat(afterCommit.peek().features()).containsOnlyKeys("dashboards.open");
    }

    @Test
    void aDamagedAggregateFileIsOneLineAndAnEmptyWindow() throws Exception {
        EventStore store = store();
        for (byte[] hostile : List.of("not gzip".getBytes(StandardCharsets.UTF_8),
                gzip("{\"version\":1,\"features\":{\"reports.export\":-3}}"), gzip("[" .repeat(10_000)))) {
            Files.write(store.file(), hostile);
            store.load();
            assertThat(store.peek().isEmpty()).isTrue();
            assertThat(Files.exists(store.file())).isFalse();
        }
        // an undeclared name is no damage (a renamed feature): counted under other, as a fresh event is
        Files.write(store.file(), gzip("{\"version\":1,\"features\":{\"customer Initech\":5}}"));
        store.load();
        assertThat(store.peek().features()).isEqualTo(java.util.Map.of("other", 5L));
        assertThat(log.all()).contains("is not a valid aggregate").doesNotContain("Initech");
    }

    @Test
    void consentBelowFullDeletesTheSpoolUnreadAndDropsTheAggregate() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        poll(spool, spoolFile("1.jsonl", EXPORT));
        spoolFile("2.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n");
        Path inProgress = Files.writeString(data.resolve("events/3.jsonl.tmp"), "{");

        assertThat(spool.deleteUnread()).as("2.jsonl and the link-free rest; 1.jsonl went after its poll").isEqualTo(1);

        assertThat(spool.accepted()).isEqualTo(1);
        assertThat(store.peek().isEmpty()).isTrue();
        assertThat(Files.exists(store.file())).isFalse();
        assertThat(Files.exists(inProgress)).as("a file not yet renamed is the product's").isTrue();
        assertThat(log.all()).as("one line saying why and what the product should do").contains("Events: consent is"
                + " not full: 1 spool file(s) deleted unread (the product should write events only while"
                + " data/consent-level says full)");
    }

    private static byte[] gzip(String text) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
