package io.ceip.agent.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.privacy.ConsentLevel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consent level and time a stored report was collected under, read without parsing the whole report. */
class ConsentGateReadsTheCollectedLevelTest {

    private final ConsentGate gate = new ConsentGate(null, null, null, ObjectMapper::new);

    private static byte[] gzip(String json) {
        return GzipDataFormat.gzip(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"schemaVersion\":1,\"consentLevel\":\"full\",\"usage\":{\"hosts\":3}}  | FULL",
            "{\"schemaVersion\":1,\"consentLevel\":\"basic\"}                          | BASIC",
            "{\"product\":{\"consentLevel\":\"full\"},\"failures\":[{\"consentLevel\":\"full\"}],\"consentLevel\":\"basic\"} | BASIC",
            "{\"product\":{\"consentLevel\":\"basic\"},\"consentLevel\":\"full\"}      | FULL",
            "{\"schemaVersion\":1}                                                     | BASIC",
    })
    void theTopLevelFieldCountsAndAbsentMeansBasic(String json, ConsentLevel expected) throws IOException {
        assertThat(gate.collected(gzip(json)).level()).isEqualTo(expected);
    }

    /** Its collection time, compared with the last withdrawal: one that cannot be read is older than any. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"generatedAt\":\"2026-12-05T10:00:00Z\",\"consentLevel\":\"full\"}       | 2026-12-05T10:00:00Z",
            "{\"consentLevel\":\"full\",\"product\":{\"generatedAt\":\"2030-01-01T00:00:00Z\"}} | -1000000000-01-01T00:00:00Z",
            "{\"generatedAt\":\"yesterday\"}                                              | -1000000000-01-01T00:00:00Z",
            "{\"generatedAt\":{\"at\":\"2030-01-01T00:00:00Z\"}}                        | -1000000000-01-01T00:00:00Z",
    })
    void theCollectionTimeIsTheTopLevelGeneratedAt(String json, String expected) throws IOException {
        assertThat(gate.collected(gzip(json)).at()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void aBodyThatIsNotAReportIsAnError() {
        assertThatThrownBy(() -> gate.collected(gzip("[1, 2]"))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> gate.collected("not gzip".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }
}
