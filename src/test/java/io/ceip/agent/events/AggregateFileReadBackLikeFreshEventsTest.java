package io.ceip.agent.events;

import io.ceip.agent.support.LogCapture;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code events-aggregate.json.gz} read back at start is held to what a fresh event may leave: an exception type or
 * frames a fresh event would never keep (free text with a fingerprint anyone can compute) are counted as a fresh event
 * is, under other and without them, and never shown; a fingerprint that is not the stored error's and a count past the
 * bound (which would turn negative once added to) make the file not valid: one line, removed, the window empty, and
 * the spool's next events counted as they come. A file this agent wrote loads back whole.
 */
class AggregateFileReadBackLikeFreshEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private final LogCapture log = LogCapture.attach();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private EventStore store() {
        return new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, 100, 100, Optional::empty);
    }

    private void write(EventStore store, ObjectNode root) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(JSON.writeValueAsBytes(root));
        }
        Files.deleteIfExists(store.file());
        Files.write(Files.createFile(store.file(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), out.toByteArray());
    }

    private static ObjectNode withError(String exception, List<String> frames) {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        ObjectNode error = root.putObject("errors").putObject(EventRecorder.fingerprint(exception, frames))
                .put("exception", exception).put("count", 1);
        frames.forEach(error.putArray("frames")::add);
        return root;
    }

    @Test
    void anExceptionOrFramesAFreshEventNeverKeepsAreCountedAsAFreshEventIsKept() throws Exception {
        EventStore store = store();
        for (ObjectNode hostile : List.of(
                withError("Customer John Smith of 42 Elm Street owes 1000 dollars", List.of()),
                withError("java.alice_smith_at_acme_corp.password_is_Hunter_two", List.of()),
                withError("java.lang.IllegalStateException", List.of("com.vendor. patient Jane Doe has diagnosis HIV")),
                withError("java.lang.IllegalStateException", List.of("com.vendor." + "x".repeat(300) + ".run")),
                withError("com.vendor.a.b.c.d.e.f.g.DeployFailed", List.of()))) {
            write(store, hostile);
            store.load();

            String exception = hostile.path("errors").elements().next().path("exception").asText();
            String kept = exception.startsWith("java.lang.") ? exception : EventCatalog.OTHER;
            assertThat(store.peek().errors()).as(hostile.toString()).isEqualTo(Map.of(
                    EventRecorder.fingerprint(kept, List.of()), new EventAggregate.ErrorSummary(kept, 1, List.of())));
            assertThat(store.file()).exists();
            store.discard();
        }
        assertThat(log.all()).doesNotContain("not a valid aggregate").doesNotContain("Smith").doesNotContain("Jane")
                .doesNotContain("Hunter");
    }

    @Test
    void aFingerprintThatIsNotTheStoredErrorsMakesTheFileNotValid() throws Exception {
        EventStore store = store();
        ObjectNode root = withError("java.lang.IllegalStateException", List.of());
        ObjectNode errors = root.putObject("errors");
        errors.putObject("0123456789abcdef").put("exception", "java.lang.IllegalStateException").put("count", 1);
        write(store, root);
        store.load();

        assertThat(store.peek().isEmpty()).isTrue();
        assertThat(store.file()).doesNotExist();
        assertThat(log.all()).contains("is not a valid aggregate (it holds a wrong fingerprint); removed");
    }

    @Test
    void aCountPastTheBoundMakesTheFileNotValidAndTheNextEventsCountAsTheyCome() throws Exception {
        EventStore store = store();
        for (long count : new long[] { Long.MAX_VALUE, AggregateFile.MAX_COUNT + 1 }) {
            ObjectNode root = JSON.createObjectNode().put("version", 1);
            root.putObject("features").put("reports.export", count);
            write(store, root);
            store.load();

            assertThat(store.peek().isEmpty()).isTrue();
            assertThat(store.file()).doesNotExist();
        }
        assertThat(log.all()).contains("is not a valid aggregate (it holds a count that is not a whole number from 0 to"
                + " 1000000000000000); removed");

        EventAggregate delta = store.empty();
        delta.feature("reports.export", 1);
        store.add(delta, List.of(), store.readStarts());
        assertThat(store.peek().features()).isEqualTo(Map.of("reports.export", 1L));
    }

    @Test
    void aFileOfWhatFreshEventsKeepLoadsBackWhole() throws Exception {
        EventStore store = store();
        List<String> frames = List.of("com.vendor.web.Page.show", "com.vendor.Foo.<init>");
        ObjectNode root = withError("java.sql.SQLException", frames);
        root.putObject("features").put("reports.export", AggregateFile.MAX_COUNT);
        write(store, root);
        store.load();

        assertThat(store.peek().errors()).isEqualTo(Map.of(EventRecorder.fingerprint("java.sql.SQLException", frames),
                new EventAggregate.ErrorSummary("java.sql.SQLException", 1, frames)));
        assertThat(store.peek().features()).isEqualTo(Map.of("reports.export", AggregateFile.MAX_COUNT));
        assertThat(store.file()).exists();
    }

    @Test
    void countsAddUpWithoutEverTurningNegative() {
        EventAggregate aggregate = new EventAggregate(10, 10);
        aggregate.feature("reports.export", Long.MAX_VALUE);
        assertThatThrownBy(() -> aggregate.feature("reports.export", 1))
                .isInstanceOf(ArithmeticException.class);
        assertThat(aggregate.summary().features()).isEqualTo(Map.of("reports.export", Long.MAX_VALUE));
    }
}
