package io.ceip.agent.outbox;

import io.ceip.agent.support.SetClock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partial field of a ledger line ({@link PartialReport}) and the {@code failures} of a body about to be sent are
 * read as hostile input: the ledger's earlier lines (no field, no destination) read as whole reports and a partial
 * line round-trips, while a field of another form (more names than it may hold, a count below them, a name with
 * another character, the field elsewhere on the line) makes the line not the agent's (skipped); a kept body's
 * failures are cut to three names of safe characters, counted without being held, and a body that cannot be read
 * so (not gzip, a source past the bound) is said whole, never fails the attempt.
 */
class PartialReportLedgerFieldAndBodyAreReadAsHostileTest {

    private static final String LINE = "2026-12-05T10:00:00.000Z %s sha256=ab bytes=10 outcome=HTTP_503 attempt=1";

    @TempDir
    Path dir;

    @Test
    void earlierLinesReadWholeAndAPartialLineRoundTrips() throws Exception {
        Path file = dir.resolve("ledger.log");
        String before = UUID.randomUUID().toString(), vendor = UUID.randomUUID().toString();
        Files.writeString(file, String.format(LINE, before) + "\n" + String.format(LINE, vendor)
                + " destination=vendor\n");
        DeliveryLedger ledger = new DeliveryLedger(file, Long.MAX_VALUE, 1, new SetClock("2026-12-05T11:00:00Z"),
                "customer");
        String partial = UUID.randomUUID().toString();
        ledger.record(partial, "cd", 20, "HTTP 202", 2, PartialReport.of(5, List.of(
                new PartialReport.Failure("query:hosts", "timeout"), new PartialReport.Failure("database", "connection"),
                new PartialReport.Failure("inventory:licence", "unexpected-shape"),
                new PartialReport.Failure("query:x", "error"))));

        assertThat(Files.readAllLines(file)).last().asString().endsWith(" outcome=HTTP_202 attempt=2 partial=5:"
                + "query:hosts/timeout,database/connection,inventory:licence/unexpected-shape,+2 destination=customer");
        assertThat(ledger.entries()).extracting(DeliveryLedger.Entry::reportId, e -> e.partial().count(),
                DeliveryLedger.Entry::destination).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(before, 0, "vendor"),
                        org.assertj.core.groups.Tuple.tuple(vendor, 0, "vendor"),
                        org.assertj.core.groups.Tuple.tuple(partial, 5, "customer"));
        assertThat(ledger.entries().get(2).partial().said()).isEqualTo(" (partial: 5 failures: query:hosts timeout,"
                + " database connection, inventory:licence unexpected-shape and 2 more; see the log)");
        AgentStatus status = new AgentStatus();
        status.restore(ledger);
        assertThat(status.lastAttemptPartial().count()).as("restored from the ledger").isEqualTo(5);
    }

    @Test
    void aPartialFieldOfAnotherFormIsNotTheAgentsLine() throws Exception {
        Path file = dir.resolve("ledger.log");
        String kept = UUID.randomUUID().toString();
        StringBuilder text = new StringBuilder(String.format(LINE, kept) + " partial=1:query:hosts/timeout"
                + " destination=vendor\n");
        for (String field : List.of("partial=1:a/b,c/d", "partial=4:a/b,c/d,e/f,g/h", "partial=x", "partial=1:a",
                "partial=1:a b/c", "partial=1:a/b,+", "partial=1:a\u001b[2J/b", "partial=", "partial=1:"
                        + "a".repeat(PartialReport.MAX_TEXT + 1) + "/b")) {
            text.append(String.format(LINE, UUID.randomUUID())).append(' ').append(field)
                    .append(" destination=vendor\n");
        }
        text.append(String.format(LINE, UUID.randomUUID())).append(" destination=vendor partial=1:a/b\n");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);

        assertThat(DeliveryLedger.read(file)).extracting(DeliveryLedger.Entry::reportId).containsExactly(kept);
    }

    @Test
    void aKeptBodysFailuresAreCutToThreeSafeNamesAndCounted() throws Exception {
        StringBuilder failures = new StringBuilder("[{\"source\":\"query:a\\u001b[2J\\nWARN token=x\",\"error\":\"E\","
                + "\"reason\":\"timeout\"},{\"reason\":\"" + "r".repeat(100) + "\",\"source\":{\"nested\":[1]}},"
                + "{\"source\":\"database\",\"reason\":\"connection\"}");
        for (int i = 0; i < 100_000; i++) {
            failures.append(",{\"source\":\"query:q").append(i).append("\",\"reason\":\"error\"}");
        }
        failures.append(']');

        PartialReport partial = PartialReport.read(gzip("{\"reportId\":\"x\",\"usage\":{\"failures\":[{}]},"
                + "\"failures\":" + failures + ",\"redaction\":{}}"));

        assertThat(partial.count()).isEqualTo(100_003);
        assertThat(partial.named()).extracting(PartialReport.Failure::source, PartialReport.Failure::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("query:a??2J?WARN?token?x", "timeout"),
                        org.assertj.core.groups.Tuple.tuple("?", "r".repeat(PartialReport.MAX_TEXT)),
                        org.assertj.core.groups.Tuple.tuple("database", "connection"));
        assertThat(partial.ledgerField()).matches("partial=100003:[A-Za-z0-9:_.?/,+-]+").hasSizeLessThan(220);
        assertThat(PartialReport.read(gzip("{\"failures\":[],\"partial\":true}")).partial()).isFalse();
        assertThat(PartialReport.read(gzip("{\"failures\":\"all\"}")).partial()).isFalse();
        assertThat(PartialReport.read("not gzip".getBytes(StandardCharsets.UTF_8)).partial()).isFalse();
        assertThat(PartialReport.read(gzip("{\"failures\":[{\"source\":\"" + "s".repeat(10_000) + "\"}]}")).partial())
                .as("a source past the bound: not the agent's, said whole").isFalse();
    }

    private static byte[] gzip(String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
