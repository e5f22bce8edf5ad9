package io.ceip.agent.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.privacy.ConsentLevel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consent level a stored report was collected under, read without parsing the whole report. */
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
        assertThat(gate.collectedUnder(gzip(json))).isEqualTo(expected);
    }

    @Test
    void aBodyThatIsNotAReportIsAnError() {
        assertThatThrownBy(() -> gate.collectedUnder(gzip("[1, 2]"))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> gate.collectedUnder("not gzip".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }
}
