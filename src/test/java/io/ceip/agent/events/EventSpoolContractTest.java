package io.ceip.agent.events;

import io.ceip.agent.events.EventAggregate.Summary;
import io.ceip.agent.support.LogCapture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spool's contract on real files, without the route: bad lines counted and skipped, the rest counted; a file
 * too large, a link and a line too long refused without being read; the aggregate flushed owner-only before the
 * spool file may be deleted; a crash between the flush and the delete counts nothing twice; a damaged aggregate
 * file is one line and an empty window.
 */
class EventSpoolContractTest {

    static final EventCatalog CATALOG = new EventCatalog(Set.of("dashboards.open", "reports.export"),
            Set.of("deploy"), List.of("com.vendor"));

    @TempDir
    Path data;
    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private EventStore store() {
        return new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"), CATALOG, 100, 100);
    }

    private EventSpool spool(EventStore store, long maxFileBytes, int maxLineBytes) {
        return new EventSpool(data.resolve("events"), store, new EventRecorder(CATALOG), maxFileBytes, maxLineBytes);
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

        assertThat(spool.refusedLines()).isEqualTo(4);
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

    @Test
    void aFileTooLargeIsRefusedUnread() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1024, 200);
        Path file = spoolFile("big.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n".repeat(100));

        assertThat(spool.consume(file.toString())).isZero();

        assertThat(spool.refusedFiles()).isEqualTo(1);
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
        assertThat(Files.readString(target)).as("the target is untouched").contains("dashboards.open");
    }

    @Test
    void aCrashBetweenTheFlushAndTheDeleteCountsNothingTwice() throws Exception {
        Path file = spoolFile("once.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n".repeat(3));
        EventStore before = store();
        spool(before, 1 << 20, 200).consume(file.toString());
        // the process dies here: the aggregate is flushed, the route never deleted the spool file

        EventStore after = store();
        after.load();
        EventSpool restarted = spool(after, 1 << 20, 200);
        assertThat(restarted.consume(file.toString())).as("the same file again").isZero();
        assertThat(after.peek().features()).containsExactly(java.util.Map.entry("reports.export", 3L));
        assertThat(log.all()).contains("once.jsonl was counted before a restart; deleted unread");

        Files.delete(file); // what the route does next
        Path again = spoolFile("once.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n".repeat(4)
                + "{\"type\":\"feature\",\"name\":\"reports.export\"}\n");
        assertThat(restarted.consume(again.toString())).as("a new file under the same name is read").isEqualTo(5);
        assertThat(after.peek().features()).containsExactly(java.util.Map.entry("reports.export", 8L));
    }

    @Test
    void aCrashBeforeTheFlushReadsTheFileAgainAndCountsItOnce() throws Exception {
        Path file = spoolFile("b.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n");
        EventStore first = store();
        spool(first, 1 << 20, 200).consume(file.toString());
        Files.delete(file);
        Path second = spoolFile("c.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n".repeat(2));
        // killed while reading c.jsonl: nothing of it flushed

        EventStore restarted = store();
        restarted.load();
        spool(restarted, 1 << 20, 200).consume(second.toString());
        assertThat(restarted.peek().features()).containsExactly(java.util.Map.entry("reports.export", 3L));
    }

    @Test
    void aReportSealsTheWindowAndItsCommitDropsOnlyWhatItCarried() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        spool.consume(spoolFile("1.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n").toString());
        Summary sealed = store.seal();
        spool.consume(spoolFile("2.jsonl", "{\"type\":\"feature\",\"name\":\"dashboards.open\"}\n").toString());

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
        for (byte[] hostile : List.of("not gzip".getBytes(StandardCharsets.UTF_8), gzip("{\"version\":1,"
                + "\"features\":{\"customer Initech\":5}}"), gzip("{\"version\":1,\"features\":{\"reports.export\":-3}}"),
                gzip("[" .repeat(10_000)))) {
            Files.write(store.file(), hostile);
            store.load();
            assertThat(store.peek().isEmpty()).isTrue();
            assertThat(Files.exists(store.file())).isFalse();
        }
        assertThat(log.all()).contains("is not a valid aggregate").doesNotContain("Initech");
    }

    @Test
    void consentBelowFullDeletesTheSpoolUnreadAndDropsTheAggregate() throws Exception {
        EventStore store = store();
        EventSpool spool = spool(store, 1 << 20, 200);
        spool.consume(spoolFile("1.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n").toString());
        spoolFile("2.jsonl", "{\"type\":\"feature\",\"name\":\"reports.export\"}\n");
        Path inProgress = Files.writeString(data.resolve("events/3.jsonl.tmp"), "{");

        assertThat(spool.deleteUnread()).isEqualTo(2);

        assertThat(spool.accepted()).isEqualTo(1);
        assertThat(store.peek().isEmpty()).isTrue();
        assertThat(Files.exists(store.file())).isFalse();
        assertThat(Files.exists(inProgress)).as("a file not yet renamed is the product's").isTrue();
    }

    private static byte[] gzip(String text) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
