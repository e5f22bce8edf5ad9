package io.ceip.agent.events;

import io.ceip.agent.support.LogCapture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gzip "bomb" as {@code events-aggregate.json.gz} (16 KB that inflate to 16 MiB of tiny JSON values, the review's
 * reproduction) is refused as it streams in, at the first token the agent never writes or at the limit its bounds
 * give (JSON tokens, bytes once inflated), never built as a tree: one WARN line naming the file and what is wrong,
 * the file removed, the window empty.
 */
class AggregateFileBombIsRefusedEarlyTest {

    private static final int NAMES = 1000; // ceip.events.max-names, default
    private static final int FINGERPRINTS = 500; // ceip.events.max-fingerprints, default
    private static final int INFLATED = 16 * 1024 * 1024;

    @TempDir
    Path data;
    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private EventStore store() {
        return new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, NAMES, FINGERPRINTS, Optional::empty);
    }

    /** Writes {@code head}, {@code item} repeated to about {@code size} bytes, {@code tail}, gzip, as the file. */
    private Path bomb(EventStore store, String head, String item, String tail, long size) throws IOException {
        Files.deleteIfExists(store.file());
        Path file = Files.createFile(store.file(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        byte[] chunk = item.repeat(65536 / item.length()).getBytes(StandardCharsets.UTF_8);
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file))) {
            gzip.write(head.getBytes(StandardCharsets.UTF_8));
            for (long written = 0; written < size; written += chunk.length) {
                gzip.write(chunk);
            }
            gzip.write(tail.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private void assertRefused(EventStore store, String what) {
        store.load();

        assertThat(store.peek().isEmpty()).isTrue();
        assertThat(store.file()).doesNotExist();
        assertThat(log.all().lines().filter(line -> line.contains("is not a valid aggregate")))
                .singleElement().asString().contains("events-aggregate.json.gz is not a valid aggregate (" + what)
                .endsWith("removed, the events' window starts empty").doesNotContain("Exception\n");
    }

    @Test
    void theReviewsBombOfEmptyObjectsIsRefusedAtItsFirstMember() throws Exception {
        EventStore store = store();
        Path file = bomb(store, "{\"version\":1,\"x\":[{}", ",{}", "]}", INFLATED);
        assertThat(Files.size(file)).as("a small file").isLessThan(64 * 1024);

        assertRefused(store,
                "it holds a member other than version, eventsSince, features, errors, durations and consumed");
    }

    /** The window's mark (eventsSince, 2026-12-07) is a time or "none": a forged one refuses the file, unquoted. */
    @Test
    void aForgedWindowMarkIsRefusedWithoutItsText() throws Exception {
        EventStore store = store();
        bomb(store, "{\"version\":1,\"eventsSince\":\"later\\nWARN forged line\"", " ", "}", 0);

        assertRefused(store, "it holds a mark that is not a time");
        assertThat(log.all()).doesNotContain("forged line");
    }

    @Test
    void aBombInsideAMemberTheAgentWritesStopsAtTheTokenLimitOfTheBounds() throws Exception {
        EventStore store = store();
        long tokens = AggregateFile.maxTokens(NAMES, FINGERPRINTS);
        assertThat(tokens).as("far below the bomb's 3 million").isLessThan(1_000_000);
        bomb(store, "{\"version\":1,\"features\":{\"other\":0", ",\"other\":0", "}}", INFLATED);

        assertRefused(store, "more than " + tokens + " JSON tokens");
    }

    @Test
    void aBombOfEmptyConsumedFilesStopsAtTheFirstOne() throws Exception {
        EventStore store = store();
        bomb(store, "{\"version\":1,\"consumed\":[{}", ",{}", "]}", INFLATED);

        assertRefused(store, "it holds a consumed file's identity that is missing or too long");
    }

    @Test
    void aBombOfBlanksStopsAtTheInflatedLimitOfTheBounds() throws Exception {
        EventStore store = store();
        long inflated = AggregateFile.maxInflatedBytes(NAMES, FINGERPRINTS);
        bomb(store, "{\"version\":1,\"features\":{", " ", "}}", inflated + 1);

        assertRefused(store, "larger than " + inflated + " bytes once inflated");
    }

    @Test
    void aDeeplyNestedOrLongTextIsRefusedBeforeItIsHeld() throws Exception {
        EventStore store = store();
        bomb(store, "{\"version\":1,\"errors\":{\"other\":{\"exception\":\"", "x", "\"}}}", INFLATED);

        assertRefused(store, "a text, a number or a nesting longer than the agent writes");
    }
}
