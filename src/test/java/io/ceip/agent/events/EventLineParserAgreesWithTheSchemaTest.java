package io.ceip.agent.events;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published line format ({@code event-v1.schema.json}) and the agent's strict parser say the same of every line
 * of a corpus of good and bad lines (what JSON Schema cannot see, a member given twice, is the parser's alone).
 */
class EventLineParserAgreesWithTheSchemaTest {

    private static final List<String> CORPUS = List.of(
            "{\"type\":\"feature\",\"name\":\"dashboards.open\"}",
            "{\"type\":\"feature\",\"name\":\"dashboards.open\",\"at\":\"2026-11-23T10:15:30Z\"}",
            "{\"type\":\"feature\",\"name\":\"a\",\"at\":\"2026-11-23T10:15:30.123456789Z\"}",
            "{\"type\":\"error\",\"exception\":\"java.lang.IllegalStateException\",\"message\":\"…\","
                    + "\"frames\":[\"com.vendor.Foo.bar(Foo.java:12)\"]}",
            "{\"type\":\"error\",\"exception\":\"E\"}",
            "{\"type\":\"error\",\"exception\":\"E\",\"frames\":[]}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":1234}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":0}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":2147483647}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":2147483648}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":-1}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":1.5}",
            "{\"type\":\"duration\",\"operation\":\"deploy\",\"millis\":\"1\"}",
            "{\"type\":\"duration\",\"operation\":\"deploy\"}",
            "{\"type\":\"feature\"}",
            "{\"type\":\"feature\",\"name\":\"\"}",
            "{\"type\":\"feature\",\"name\":\"" + "x".repeat(1000) + "\"}",
            "{\"type\":\"feature\",\"name\":\"" + "x".repeat(1001) + "\"}",
            "{\"type\":\"feature\",\"name\":7}",
            "{\"type\":\"feature\",\"name\":\"a\",\"extra\":1}",
            "{\"type\":\"feature\",\"name\":\"a\",\"exception\":\"E\"}",
            "{\"type\":\"feature\",\"name\":\"a\",\"at\":\"not a time\"}",
            "{\"type\":\"click\",\"name\":\"a\"}",
            "{\"name\":\"a\"}",
            "{\"type\":\"error\",\"exception\":\"E\",\"frames\":[1]}",
            "{\"type\":\"error\",\"exception\":\"E\",\"frames\":[[\"a\"]]}",
            "{\"type\":\"error\",\"exception\":\"E\",\"message\":\"" + "m".repeat(8192) + "\"}",
            "{\"type\":\"error\",\"exception\":\"E\",\"message\":\"" + "m".repeat(8193) + "\"}",
            "{\"type\":\"error\",\"exception\":\"E\",\"message\":\"\"}",
            "[]",
            "42",
            "null");

    @Test
    void theParserAndTheSchemaGiveTheSameVerdictOnEveryLine() throws Exception {
        JsonSchema schema;
        try (InputStream in = EventLineParser.class.getResourceAsStream("/event-v1.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
        EventLineParser parser = new EventLineParser();
        List<String> disagreements = new ArrayList<>();
        int valid = 0;
        for (String line : CORPUS) {
            boolean bySchema = schema.validate(line, InputFormat.JSON).isEmpty();
            boolean byParser;
            try {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                parser.parse(bytes, bytes.length);
                byParser = true;
            } catch (EventLineParser.Refused e) {
                byParser = false;
            }
            valid += byParser ? 1 : 0;
            if (bySchema != byParser) {
                disagreements.add("schema " + bySchema + ", parser " + byParser + ": "
                        + line.substring(0, Math.min(80, line.length())));
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(valid).as("the corpus has good lines and bad ones").isBetween(5, CORPUS.size() - 5);
    }
}
