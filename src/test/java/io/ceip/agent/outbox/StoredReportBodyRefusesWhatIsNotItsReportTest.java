package io.ceip.agent.outbox;

import io.ceip.agent.delivery.GzipDataFormat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stored body is sent only when it is the report of its entry: one JSON object whose top-level {@code reportId} is
 * the entry's, once. Read as a stream: long values elsewhere are fine, and bombs end in a bounded refusal.
 */
class StoredReportBodyRefusesWhatIsNotItsReportTest {

    private static final String ID = "0b8f4a52-3c1d-4e6f-9a7b-5c2d1e0f9a8b";

    @Test
    void theEntrysOwnReportPassesWhateverElseItHolds() throws Exception {
        assertThat(problem("{\"reportId\":\"" + ID + "\"}")).isNull();
        assertThat(problem("\n{\"schemaVersion\":3,\"usage\":{\"reportId\":\"nested, not the report's\",\"n\":[1,[2]]},"
                + "\"note\":\"" + "x".repeat(2_000_000) + "\",\"reportId\":\"" + ID + "\"}\n")).isNull();
        StringBuilder names = new StringBuilder("{\"n\":" + "9".repeat(150));
        for (int i = 0; i < 2_000; i++) {
            names.append(",\"").append(String.format(java.util.Locale.ROOT, "%070d", i)).append("\":").append(i);
        }
        assertThat(problem(names + ",\"report\\u0049d\":\"" + ID + "\"}")).as("long numbers, many names, an escape")
                .isNull();
    }

    @Test
    void anythingElseIsNamedInOneShortPhrase() throws Exception {
        assertThat(problem("{\"reportId\":\"11111111-1111-4111-8111-111111111111\"}"))
                .isEqualTo("body is another report's");
        assertThat(problem("{\"reportId\":\"" + ID.toUpperCase() + "\"}")).isEqualTo("body is another report's");
        assertThat(problem("{\"reportId\":42}")).isEqualTo("body is another report's");
        assertThat(problem("{\"reportId\":{\"id\":\"" + ID + "\"}}")).isEqualTo("body is another report's");
        assertThat(problem("{\"reportId\":\"" + ID + "\",\"reportId\":\"" + ID + "\"}"))
                .isEqualTo("body has reportId twice");
        assertThat(problem("{\"usage\":{\"reportId\":\"" + ID + "\"}}")).isEqualTo("body has no reportId");
        assertThat(problem("{}")).isEqualTo("body has no reportId");
        assertThat(problem("[{\"reportId\":\"" + ID + "\"}]")).isEqualTo("body is not a JSON object");
        assertThat(problem("\"" + ID + "\"")).isEqualTo("body is not a JSON object");
        assertThat(problem("")).isEqualTo("body is not a JSON object");
        assertThat(problem("{\"reportId\":\"" + ID + "\"}{\"reportId\":\"" + ID + "\"}"))
                .isEqualTo("body holds more than one JSON value");
        assertThat(problem("{\"reportId\":\"" + ID + "\"} trailing")).isEqualTo("body is not one JSON object");
        assertThat(problem("{\"reportId\":\"" + ID + "\"")).isEqualTo("body is not one JSON object");
        assertThat(problem("#!/bin/sh")).isEqualTo("body is not one JSON object");
    }

    /** The agent writes UTF-8 only: Jackson would read UTF-16 or UTF-32, where its bound counts characters. */
    @Test
    void anotherEncodingOrAByteOrderMarkIsRefused() throws Exception {
        String json = "{\"reportId\":\"" + ID + "\"}";
        for (Charset charset : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE,
                Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE"), StandardCharsets.UTF_16)) {
            assertThat(StoredReportBody.problem(new ByteArrayInputStream(GzipDataFormat.gzip(json.getBytes(charset))),
                    ID)).as(charset.name()).isEqualTo("body is not UTF-8 JSON");
        }
        assertThat(problem("\uFEFF" + json)).isEqualTo("body is not UTF-8 JSON");
        assertThat(problem("{\"reportId\":\"" + ID + "\",\"p\u00e9\":\"\u20ac\"}")).as("UTF-8 beyond ASCII").isNull();
    }

    /**
     * A source that fails while it is read (a disk's {@code EIO} after the first bytes, which a test cannot make a
     * real file do as root: here a stream of the real body that throws where the disk would) says nothing of the body:
     * its error comes out as it is, never as "not complete gzip", which would quarantine a good report. The real
     * {@code EMFILE} on open is in {@link DeadLetterRecoveryLeavesWhatItCannotReadTest}.
     */
    @Test
    void aSourceThatFailsIsItsErrorNotAProblemOfTheBody() {
        byte[] body = GzipDataFormat.gzip(("{\"reportId\":\"" + ID + "\"}").getBytes(StandardCharsets.UTF_8));
        for (int failAt : new int[] { 0, 5, 12, body.length - 3, body.length }) {
            InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(body, 0, failAt),
                    new InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException("Input/output error");
                        }
                    });
            assertThatThrownBy(() -> StoredReportBody.problem(failing, ID)).as("failing at byte " + failAt)
                    .isInstanceOf(IOException.class).hasMessage("Input/output error");
        }
    }

    @Test
    void tornOrForeignGzipIsNotCompleteGzip() throws Exception {
        byte[] body = GzipDataFormat.gzip(("{\"reportId\":\"" + ID + "\"}").getBytes(StandardCharsets.UTF_8));

        assertThat(StoredReportBody.problem(new ByteArrayInputStream(Arrays.copyOf(body, body.length - 4)), ID))
                .isEqualTo("body is not complete gzip");
        assertThat(StoredReportBody.problem(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), ID))
                .isEqualTo("body is not complete gzip");
    }

    /** Java reads gzip members one after another and ignores what follows that is not gzip: none of it is sent. */
    @Test
    void bytesAfterTheGzipOrHeaderOptionsAreRefused() throws Exception {
        byte[] body = GzipDataFormat.gzip(("{\"reportId\":\"" + ID + "\"}").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream named = new ByteArrayOutputStream();
        named.write(body, 0, 10);
        named.write("report.json\0".getBytes(StandardCharsets.US_ASCII)); // FNAME, which Java's reader skips
        named.write(body, 10, body.length - 10);
        byte[] withName = named.toByteArray();
        withName[3] = 0x08;
        String refused = "body is not the gzip the agent writes (bytes after it, or header options)";

        assertThat(StoredReportBody.problem(new ByteArrayInputStream(body), ID)).isNull();
        for (byte[] after : List.of("secret=hunter2".getBytes(StandardCharsets.US_ASCII), new byte[] { 0 },
                GzipDataFormat.gzip(new byte[0]), GzipDataFormat.gzip(" ".getBytes(StandardCharsets.US_ASCII)))) {
            byte[] more = Arrays.copyOf(body, body.length + after.length);
            System.arraycopy(after, 0, more, body.length, after.length);
            assertThat(StoredReportBody.problem(new ByteArrayInputStream(more), ID)).as(Arrays.toString(after))
                    .isEqualTo(refused);
        }
        assertThat(StoredReportBody.problem(new ByteArrayInputStream(withName), ID)).isEqualTo(refused);
    }

    @Test
    void bombsEndInABoundedRefusal() throws Exception {
        String bounds = "body is beyond a report's bounds (67108864 bytes of JSON, its depth, a number's, a name's or"
                + " reportId's length)";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(("{\"reportId\":\"" + ID + "\",\"pad\":\"").getBytes(StandardCharsets.UTF_8));
            byte[] letters = new byte[1024 * 1024];
            Arrays.fill(letters, (byte) 'a');
            for (int i = 0; i < 65; i++) {
                out.write(letters);
            }
            out.write("\"}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(bytes.size()).as("a bomb: small on disk").isLessThan(200_000);
        assertThat(StoredReportBody.problem(new ByteArrayInputStream(bytes.toByteArray()), ID)).isEqualTo(bounds);

        assertThat(problem("{\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"reportId\":\"" + ID + "\"}"))
                .isEqualTo(bounds);
        assertThat(problem("{\"reportId\":\"" + ID + "x".repeat(1_000_000) + "\"}")).isEqualTo(bounds);
        assertThat(problem("{\"" + "n".repeat(100_000) + "\":1,\"reportId\":\"" + ID + "\"}")).isEqualTo(bounds);
        assertThat(problem("{\"n\":" + "9".repeat(5_000) + ",\"reportId\":\"" + ID + "\"}")).isEqualTo(bounds);
    }

    private static String problem(String json) throws IOException {
        return StoredReportBody.problem(new ByteArrayInputStream(GzipDataFormat.gzip(json.getBytes(
                StandardCharsets.UTF_8))), ID);
    }
}
