package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's bound, checked on every save: first by the body files' names and sizes, then (only past it) by the
 * entries themselves. What is not an entry never makes the store evict one; bytes count as entries do.
 */
class DeadLetterBoundTest {

    private static final String A = "00000000-0000-4000-8000-00000000000a";
    private static final String B = "00000000-0000-4000-8000-00000000000b";
    private static final String C = "00000000-0000-4000-8000-00000000000c";
    private static final String D = "00000000-0000-4000-8000-00000000000d";

    @TempDir
    Path dir;

    /** One instant for every entry: entries of one instant list by report ID, A to D. */
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void bodyFilesThatAreNoEntryMakeTheStoreEvictNothing() throws Exception {
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock, 2, Long.MAX_VALUE);
        store.savePending(A, gzip("{\"a\":1}"));
        // three things named as bodies that are no entry of the store: a body without metadata, a directory, a link
        Files.write(dir.resolve("11111111-1111-4111-8111-111111111111.json.gz"), gzip("{}"));
        Files.createDirectory(dir.resolve("22222222-2222-4222-8222-222222222222.json.gz"));
        Files.createSymbolicLink(dir.resolve("33333333-3333-4333-8333-333333333333.json.gz"), Path.of("/dev/zero"));

        store.savePending(B, gzip("{\"b\":2}"));

        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(A, B);
        assertThat(store.evicted()).isZero();
    }

    @Test
    void pastItsBytesTheOldestPendingEntryIsEvictedBeforeARejectedOne() throws Exception {
        byte[] body = gzip("{\"usage\":\"" + "x".repeat(400) + "\"}");
        DeadLetterStore store = new DeadLetterStore(dir, ObjectMapper::new, clock, 100, 2L * body.length);
        store.savePending(A, body);
        store.reject(A, "400", 1, "refused");
        store.savePending(B, body);

        store.savePending(C, body);

        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(A, C);
        assertThat(store.evicted()).isEqualTo(1);
        assertThat(store.totalBytes()).isEqualTo(2L * body.length);

        store.savePending(D, body); // C, the oldest pending entry now, goes

        assertThat(store.entries()).extracting(DeadLetter::reportId).containsExactly(A, D);
        assertThat(store.evicted()).isEqualTo(2);
    }

    private static byte[] gzip(String json) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
