package io.ceip.agent.events;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spool file the product appends to in place (against the contract: write another file, rename it) while the agent
 * reads it: what the poll read of it was counted, the file left (it is not the file that was read), and the next poll
 * counted it whole again, its first lines twice. It is now counted only once it is read without changing: a poll
 * that sees it change while it reads counts nothing of it, leaves it (one WARN line), and the next poll, after the
 * poll interval, counts it whole, once.
 */
class EventSpoolFileAppendedToWhileReadIsCountedOnceTest {

    private static final String EXPORT = "{\"type\":\"feature\",\"name\":\"reports.export\"}\n";

    @TempDir
    Path data;

    /** The file to append a line to at the spool's next look at the audit, once: after it took the file's identity. */
    private final AtomicReference<Path> appendTo = new AtomicReference<>();

    private Optional<Instant> audit() {
        Path file = appendTo.getAndSet(null);
        if (file != null) {
            try {
                Files.writeString(file, EXPORT, StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.empty();
    }

    @Test
    void aFileAppendedToWhileItIsReadIsCountedOnceWhenItStopsChanging() throws Exception {
        EventStore store = new EventStore(data.resolve("events-aggregate.json.gz"), data.resolve("events"),
                EventSpoolContractTest.CATALOG, 100, 100, this::audit);
        EventSpool spool = new EventSpool(data.resolve("events"), store,
                new EventRecorder(EventSpoolContractTest.CATALOG), 1 << 20, 1000);
        Path file = Files.writeString(Files.createDirectories(data.resolve("events")).resolve("f.jsonl"), EXPORT);

        appendTo.set(file);
        String shown;
        try (LogCapture log = LogCapture.attach()) {
            spool.consume(file.toString());
            spool.endOfPoll();
            shown = log.shown();
        }
        boolean waits = spool.leftFiles();
        spool.consume(file.toString());
        spool.endOfPoll();

        assertThat(store.peek().features()).as("both lines, each once")
                .containsExactly(Map.entry("reports.export", 2L));
        assertThat(file).as("read whole, unchanged: deleted").doesNotExist();
        assertThat(spool.accepted()).isEqualTo(2);
        assertThat(waits).as("the next poll waits its interval, never reads a changing file in a busy loop").isTrue();
        assertThat(shown).contains("Events: f.jsonl kept in the spool, read again after the poll interval: it changed"
                + " while it was read (written in place)");
    }
}
