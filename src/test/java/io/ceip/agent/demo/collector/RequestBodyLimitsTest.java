package io.ceip.agent.demo.collector;

import io.ceip.agent.delivery.GzipDataFormat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RequestBodyLimitsTest {

    private static final CollectorLimits LIMITS = new CollectorLimits(1024, 4096);
    private static final byte[] JSON = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aGzipOrPlainJsonBodyWithinTheLimitsIsRead() throws Exception {
        assertThat(read("application/json", "gzip", GzipDataFormat.gzip(JSON))).isEqualTo(JSON);
        assertThat(read("Application/JSON; charset=utf-8", "X-GZIP", GzipDataFormat.gzip(JSON))).isEqualTo(JSON);
        assertThat(read("application/json", null, JSON)).isEqualTo(JSON);
        assertThat(read("application/json", "identity", JSON)).isEqualTo(JSON);
    }

    @Test
    void aWrongContentTypeOrEncodingIsRefusedWith415() {
        for (String type : new String[] { null, "", "text/plain", "application/x-www-form-urlencoded",
                "application/jsonp", "application/json-seq" }) {
            assertThat(refusal(type, "gzip", GzipDataFormat.gzip(JSON), -1)).as(type).isEqualTo(Refusal.CONTENT_TYPE);
        }
        for (String encoding : new String[] { "deflate", "br", "gzip, gzip", "compress" }) {
            assertThat(refusal("application/json", encoding, JSON, -1)).as(encoding).isEqualTo(Refusal.CONTENT_ENCODING);
        }
    }

    @Test
    void aBodyOverTheCompressedLimitIsRefusedBeforeOrWhileItIsRead() {
        byte[] big = new byte[2048];
        assertThat(refusal("application/json", null, big, big.length)).isEqualTo(Refusal.COMPRESSED_TOO_LARGE);
        InvalidReportException streamed = catchThrowableOfType(InvalidReportException.class,
                () -> RequestBody.read("application/json", null, -1, new ByteArrayInputStream(big), LIMITS));
        assertThat(streamed.refusal()).isEqualTo(Refusal.COMPRESSED_TOO_LARGE);
        assertThat(streamed.bytesRead()).as("one byte past the limit, no more").isEqualTo(1025);
    }

    @Test
    void aDecompressionBombStopsAtTheDecompressedLimit() throws Exception {
        byte[] bomb = gzipZeros(512 << 10);
        assertThat(bomb.length).isLessThan(1024);

        InvalidReportException refused = catchThrowableOfType(InvalidReportException.class,
                () -> RequestBody.read("application/json", "gzip", bomb.length, new ByteArrayInputStream(bomb), LIMITS));

        assertThat(refused.refusal()).isEqualTo(Refusal.DECOMPRESSED_TOO_LARGE);
        assertThat(refused.getMessage()).isEqualTo("decompressed body too large");
    }

    @Test
    void aBodyLabelledGzipThatIsNotIsRefusedWith400() {
        assertThat(refusal("application/json", "gzip", JSON, -1)).isEqualTo(Refusal.NOT_GZIP);
        assertThat(refusal("application/json", "gzip", new byte[] { 0x1f, (byte) 0x8b, 1, 2 }, -1))
                .isEqualTo(Refusal.NOT_GZIP);
        byte[] truncated = GzipDataFormat.gzip(JSON);
        assertThat(refusal("application/json", "gzip", java.util.Arrays.copyOf(truncated, truncated.length - 4), -1))
                .isEqualTo(Refusal.NOT_GZIP);
        assertThat(refusal("application/json", "gzip", new byte[0], 0)).isEqualTo(Refusal.NOT_GZIP);
    }

    @Test
    void aBodyThatCannotBeReadIsRefusedWith400() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> RequestBody.read("application/json", "gzip", -1, broken, LIMITS))
                .isInstanceOf(InvalidReportException.class).hasMessage("body could not be read");
    }

    @Test
    void limitsOutOfRangeAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new CollectorLimits(0, 10)).hasMessageStartingWith("ceip.collector.max-compressed-bytes");
        assertThatThrownBy(() -> new CollectorLimits(10, (1L << 30) + 1))
                .hasMessageStartingWith("ceip.collector.max-decompressed-bytes");
    }

    private static byte[] read(String type, String encoding, byte[] body) throws InvalidReportException {
        return RequestBody.read(type, encoding, body.length, new ByteArrayInputStream(body), LIMITS);
    }

    private static Refusal refusal(String type, String encoding, byte[] body, long length) {
        return catchThrowableOfType(InvalidReportException.class,
                () -> RequestBody.read(type, encoding, length, new ByteArrayInputStream(body), LIMITS)).refusal();
    }

    static byte[] gzipZeros(long bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 65536)) {
            byte[] zeros = new byte[65536];
            for (long written = 0; written < bytes; written += zeros.length) {
                gzip.write(zeros, 0, (int) Math.min(zeros.length, bytes - written));
            }
        }
        return out.toByteArray();
    }
}
