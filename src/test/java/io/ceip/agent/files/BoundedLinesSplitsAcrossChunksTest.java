package io.ceip.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link BoundedLines} gives the same lines whatever the chunks of its stream: lines across the 64 KiB chunk
 * boundary, a carriage return before the line feed dropped (also when the line feed starts the next chunk), a line
 * longer than the bound cut and marked too long (also across chunks), the last line without a line feed.
 */
class BoundedLinesSplitsAcrossChunksTest {

    private static final int MAX = 100;

    @Test
    void linesAcrossChunksAreReadWholeAndLongOnesMarked() throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        int i = 0;
        while (text.length() < 300_000) {
            int length = (i * 37) % 160; // 0 to 159 bytes: some longer than the bound
            String line = "x".repeat(length);
            boolean crlf = i % 5 == 0;
            text.append(line).append(crlf ? "\r\n" : "\n");
            // a carriage return counts against the bound
            expected.add(length + (crlf ? 1 : 0) > MAX ? "TOO LONG " + "x".repeat(MAX) : line);
            i++;
        }
        // a carriage return as the last byte of the first chunk, its line feed the first of the next
        int boundary = 64 * 1024;
        String head = text.substring(0, boundary);
        int lastFeed = head.lastIndexOf("\n");
        String pad = "y".repeat(boundary - lastFeed - 2);
        text.insert(lastFeed + 1, pad + "\r\n");
        int at = (int) head.chars().filter(c -> c == '\n').count();
        expected.add(at, pad.length() + 1 > MAX ? "TOO LONG " + pad.substring(0, MAX) : pad);
        text.append("last");
        expected.add("last");

        BoundedLines lines = new BoundedLines(new ByteArrayInputStream(text.toString()
                .getBytes(StandardCharsets.US_ASCII)), MAX);
        List<String> read = new ArrayList<>();
        while (lines.next()) {
            String line = new String(lines.bytes(), 0, lines.length(), StandardCharsets.US_ASCII);
            read.add((lines.tooLong() ? "TOO LONG " + line : line) + (lines.ended() ? "" : " (no line end)"));
            assertThat(lines.number()).isEqualTo(read.size());
        }

        expected.set(expected.size() - 1, "last (no line end)");
        assertThat(read).isEqualTo(expected);
    }
}
