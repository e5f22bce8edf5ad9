package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.LogLines;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The intake takes only what the stores keep as it was checked (review s17 findings 3, 6, 7): JSON in UTF-8
 * without a byte order mark (Jackson also reads a BOM, UTF-16, UTF-32 and CESU-8, which the stores then refuse, or
 * keep as other text), and a {@code generatedAt} within the years 0001 to 9999 (PostgreSQL refuses others,
 * {@code Timestamp.from} overflows). Each is 400 with its fixed text, one line, nothing stored.
 */
class IntakeTakesOnlyWhatTheStoreKeepsTest {

    static final String NOT_UTF8 = "body must be JSON in UTF-8 without a byte order mark";
    static final String OUT_OF_RANGE = "report has a generatedAt outside the years 0001 to 9999";

    @RegisterExtension
    static final TestCollector collector = TestCollector.perClass(Map.of(
            "collector.intake.max-requests-per-second", "0"));

    @Test
    void aByteOrderMarkIsRefused() throws Exception {
        assertRefused(Reports.utf8("\uFEFF" + Reports.any()), NOT_UTF8);
    }

    @Test
    void utf16AndUtf32AreRefused() throws Exception {
        for (Charset charset : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16, Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE")}) {
            assertRefused(Reports.any().getBytes(charset), NOT_UTF8);
        }
    }

    /**
     * Two usage keys in CESU-8 (a surrogate pair as two 3-byte sequences): Jackson reads two names, Java's UTF-8
     * decoder (the store's) two U+FFFD: the stored report had the same key twice.
     */
    @Test
    void cesu8IsRefused() throws Exception {
        byte[] utf8 = Reports.utf8(Reports.any().replace("\"usage\":{\"hosts\":12}", "\"usage\":{\"K1\":1,\"K2\":2}"));
        String text = new String(utf8, StandardCharsets.ISO_8859_1);
        int k1 = text.indexOf("K1");
        int k2 = text.indexOf("K2");
        ByteArrayOutputStream cesu8 = new ByteArrayOutputStream();
        cesu8.write(utf8, 0, k1);
        cesu8.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80});
        cesu8.write(utf8, k1 + 2, k2 - k1 - 2);
        cesu8.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x81});
        cesu8.write(utf8, k2 + 2, utf8.length - k2 - 2);

        assertRefused(cesu8.toByteArray(), NOT_UTF8);
    }

    @Test
    void anOverlongFormIsRefused() throws Exception {
        byte[] utf8 = Reports.utf8(Reports.any());
        String text = new String(utf8, StandardCharsets.ISO_8859_1);
        int slash = text.indexOf("Linux");
        ByteArrayOutputStream overlong = new ByteArrayOutputStream();
        overlong.write(utf8, 0, slash);
        overlong.write(new byte[] {(byte) 0xC1, (byte) 0x8C}); // 'L' in two bytes
        overlong.write(utf8, slash + 1, utf8.length - slash - 1);

        assertRefused(overlong.toByteArray(), NOT_UTF8);
    }

    @Test
    void aGeneratedAtOutsideTheYears0001To9999IsRefusedWithinThemTaken() throws Exception {
        for (String generatedAt : new String[] {"+300000000-01-01T00:00:00Z", "+300000-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00", "0000-12-31T23:59:59Z",
                "0001-01-01T00:30:00+01:00", "-0001-01-01T00:00:00Z"}) {
            assertRefused(Reports.utf8(Reports.any().replace("2026-11-23T19:38:59Z", generatedAt)), OUT_OF_RANGE);
        }
        // the first and last years are taken, the years next to them with the largest offsets, and a generatedAt that
        // is no date and time (stored as null)
        for (String generatedAt : new String[] {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday",
                "0002-01-01T00:00:00+18:00", "9998-12-31T23:59:59-18:00", "2026-13-45T99:00:00Z", "2026-"}) {
            String report = Reports.report(UUID.randomUUID().toString(), UUID.randomUUID().toString())
                    .replace("2026-11-23T19:38:59Z", generatedAt);
            HttpResponse<String> answer = collector.post(Reports.utf8(report), true);
            assertThat(answer.statusCode()).as("generatedAt %s: %s", generatedAt, answer.body()).isEqualTo(202);
        }
    }

    /**
     * A report followed by more JSON or text (a second report, {@code {}}, garbage) is not one JSON document: Jackson
     * read the first value and stopped, the stores then took the whole body as the report's JSON, which H2 refused
     * (400 {@code report refused by the database}, a WARN line besides) and PostgreSQL's {@code jsonb} refuses too (SQL
     * state 22P02): the Kafka form answered 202 and its store dropped the report. Trailing blanks stay fine.
     */
    @Test
    void contentAfterTheReportIsRefused() throws Exception {
        for (String after : new String[] {" xyz", " {}", Reports.any(), "]", ",1"}) {
            assertRefused(Reports.utf8(Reports.any() + after), "body is not JSON");
        }
        HttpResponse<String> answer = collector.post(Reports.utf8(Reports.any() + " \r\n\t "), true);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    /**
     * The schema's numbers are integers, and JSON Schema takes {@code 1e-20000} as one (read as a double: 0.0), which
     * PostgreSQL's {@code jsonb} refuses (22003: more than 16,383 digits after the point): the Kafka form answered 202
     * and its store dropped the report. A number with a fraction or an exponent is refused; the agent writes digits.
     */
    @Test
    void aNumberWithAFractionOrAnExponentIsRefused() throws Exception {
        for (String number : new String[] {"1e-20000", "0e-20000", "1.0", "1e2", "0.0"}) {
            assertRefused(Reports.utf8(Reports.any().replace("\"hosts\":12", "\"hosts\":" + number)),
                    "report has a number with a fraction or an exponent");
        }
        HttpResponse<String> answer = collector.post(Reports.utf8(Reports.any().replace("\"hosts\":12",
                "\"hosts\":" + "9".repeat(900))), true);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    private static void assertRefused(byte[] body, String text) throws Exception {
        long before = collector.collector().store().count();
        try (LogLines log = LogLines.capture()) {
            HttpResponse<String> answer = collector.post(body, true);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo(text);
            assertThat(log.intake()).singleElement().asString()
                    .startsWith("INFO ceip.intake - refused with HTTP 400: " + text + " (client");
        }
        assertThat(collector.collector().store().count()).isEqualTo(before);
    }
}
