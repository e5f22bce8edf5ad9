package io.ceip.agent.events;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spool line format, strictly: the three kinds are read; every hostile line is refused with a fixed reason. */
class EventLineParserTest {

    private final EventLineParser parser = new EventLineParser();

    private Event parse(String line) throws EventLineParser.Refused {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, bytes.length);
    }

    @Test
    void theThreeKindsAreRead() throws Exception {
        assertThat(parse("{\"type\":\"feature\",\"name\":\"dashboards.open\"}"))
                .isEqualTo(new Event.Feature("dashboards.open"));
        assertThat(parse("{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"message\":\"m\","
                + "\"frames\":[\"com.vendor.Foo.bar(Foo.java:12)\"],\"at\":\"2026-11-23T10:15:30Z\"}"))
                .isEqualTo(new Event.Error("java.lang.IllegalStateException", List.of("com.vendor.Foo.bar(Foo.java:12)")));
        assertThat(parse(" {\"millis\":1234,\"operation\":\"deploy\",\"type\":\"duration\"} "))
                .isEqualTo(new Event.Duration("deploy", 1234));
        assertThat(parse("{\"type\":\"error\",\"exception\":\"E\"}")).isEqualTo(new Event.Error("E", List.of()));
    }

    static List<String[]> hostile() {
        String deep = "{\"type\":\"error\",\"exception\":\"E\",\"frames\":" + "[".repeat(5000) + "]".repeat(5000)
                + "}";
        return List.of(
                new String[] { "garbage", "not-json" },
                new String[] { "{\"type\":\"feature\",\"name\":\"a\"", "not-json" },
                new String[] { "{\"type\":\"feature\",\"name\":\"a\"} {}", "not-json" },
                new String[] { "[1,2]", "not-an-object" },
                new String[] { "\"feature\"", "not-an-object" },
                new String[] { "{\"type\":\"click\",\"name\":\"a\"}", "unknown-type" },
                new String[] { "{\"name\":\"a\"}", "missing-member" },
                new String[] { "{\"type\":\"feature\"}", "missing-member" },
                new String[] { "{\"type\":\"duration\",\"operation\":\"deploy\"}", "missing-member" },
                new String[] { "{\"type\":\"feature\",\"name\":42}", "wrong-type" },
                new String[] { "{\"type\":\"feature\",\"name\":\"\"}", "empty-text" },
                new String[] { "{\"type\":\"feature\",\"name\":\"a\",\"user\":\"jdoe\"}", "unknown-member" },
                new String[] { "{\"type\":\"feature\",\"name\":\"a\",\"millis\":3}", "unknown-member" },
                new String[] { "{\"type\":\"duration\",\"operation\":\"d\",\"millis\":\"12\"}", "wrong-type" },
                new String[] { "{\"type\":\"duration\",\"operation\":\"d\",\"millis\":1.5}", "wrong-type" },
                new String[] { "{\"type\":\"duration\",\"operation\":\"d\",\"millis\":1e3}", "wrong-type" },
                new String[] { "{\"type\":\"duration\",\"operation\":\"d\",\"millis\":-1}", "out-of-range" },
                new String[] { "{\"type\":\"duration\",\"operation\":\"d\",\"millis\":2147483648}", "out-of-range" },
                new String[] { "{\"type\":\"duration\",\"operation\":\"d\",\"millis\":" + "9".repeat(400) + "}",
                        "out-of-range" },
                new String[] { "{\"type\":\"error\",\"exception\":\"E\",\"frames\":\"a\"}", "wrong-type" },
                new String[] { "{\"type\":\"error\",\"exception\":\"E\",\"frames\":[[\"a\"]]}", "too-deep" },
                new String[] { deep, "too-deep" },
                new String[] { "{\"type\":\"feature\",\"name\":\"a\",\"at\":\"yesterday\"}", "bad-time" },
                new String[] { "{\"type\":\"feature\",\"name\":\"a\",\"name\":\"b\"}", "not-json" },
                new String[] { "{\"type\":\"feature\",\"name\":\"" + "x".repeat(1001) + "\"}", "too-long" },
                new String[] { "{\"type\":\"error\",\"exception\":\"E\",\"message\":\"" + "m".repeat(9000) + "\"}",
                        "too-long" });
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void aHostileLineIsRefusedWithAFixedReason(String line, String reason) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(EventLineParser.Refused.class)
                .extracting(e -> ((EventLineParser.Refused) e).reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({ "ff", "c3 28", "e2 82", "f8 88 80 80 80" })
    void invalidUtf8IsRefused(String hex) {
        String[] parts = hex.split(" ");
        byte[] head = "{\"type\":\"feature\",\"name\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[head.length + parts.length + 2];
        System.arraycopy(head, 0, line, 0, head.length);
        for (int i = 0; i < parts.length; i++) {
            line[head.length + i] = (byte) Integer.parseInt(parts[i], 16);
        }
        line[line.length - 2] = '"';
        line[line.length - 1] = '}';
        assertThatThrownBy(() -> parser.parse(line, line.length)).isInstanceOf(EventLineParser.Refused.class);
    }

    /**
     * One parser reads the ASCII lines of a stream in turn (it goes on over the next line): each line, valid or hostile,
     * is read as a fresh parser reads it alone — a refused line (an object left open, garbage after it, a line Jackson
     * would take for UTF-16) never changes how the next is read — and only the {@code length} bytes given are the line.
     */
    @Test
    void eachLineIsReadAsIfAlone() {
        String valid = "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":7}";
        List<String> lines = new java.util.ArrayList<>();
        for (String[] h : hostile()) {
            lines.add(h[0]);
            lines.add(valid);
        }
        lines.addAll(List.of("\u0000{\u0000\"", valid, new String("{\"type\":\"feature\",\"name\":\"caf\u00e9\"}"
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), valid, "7",
                valid, "  ", valid, "{\"type\":\"feature\",\"name\":\"a\"}\t\r ", valid));
        // each line as bytes (a Latin-1 char a byte); ASCII bytes that Jackson would take for UTF-16 (refused, as
        // JSON in UTF-8 holds no NUL byte): an event, and one with garbage after it
        lines.addAll(List.of(new String("{\"type\":\"feature\",\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16BE),
                StandardCharsets.ISO_8859_1), valid, new String("{\"type\":\"feature\",\"name\":\"a\"} x"
                .getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1), valid));
        byte[] buffer = new byte[64 * 1024];
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
            java.util.Arrays.fill(buffer, (byte) '}'); // what a longer earlier line left in the reused buffer
            System.arraycopy(bytes, 0, buffer, 0, bytes.length);
            assertThat(outcome(parser, buffer, bytes.length)).as(line)
                    .isEqualTo(outcome(new EventLineParser(), bytes, bytes.length));
        }
        byte[] utf16 = "{\"type\":\"feature\",\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16BE);
        assertThat(outcome(parser, utf16, utf16.length)).isEqualTo("not-json");
    }

    private static Object outcome(EventLineParser parser, byte[] line, int length) {
        try {
            return parser.parse(line, length);
        } catch (EventLineParser.Refused e) {
            return e.reason();
        }
    }
}
