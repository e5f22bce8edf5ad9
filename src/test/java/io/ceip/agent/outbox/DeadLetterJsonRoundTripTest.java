package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The metadata file is written and read field by field, in the layout Jackson's record mapping gave it. */
class DeadLetterJsonRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @TempDir
    Path directory;

    private Path file(String json) throws IOException {
        return Files.writeString(directory.resolve(ID + ".meta.json"), json);
    }

    @Test
    void aNewEntryIsWrittenAsJacksonWroteItAndReadBack() throws Exception {
        DeadLetter entry = DeadLetter.pending(ID, "2026-11-24T03:00:00Z");

        byte[] written = DeadLetterJson.write(entry, JSON);

        assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(JSON.writeValueAsString(entry));
        assertThat(DeadLetterJson.read(Files.write(directory.resolve("new.json"), written), JSON)).isEqualTo(entry);
    }

    @Test
    void aFailedRejectedEntryKeepsEveryField() throws Exception {
        DeadLetter entry = DeadLetter.pending(ID, "2026-11-24T03:00:00Z")
                .failed("2026-11-24T03:00:05Z", "HTTP 400", 2, DeadLetter.REJECTED, "bad \"report\"\n");

        byte[] written = DeadLetterJson.write(entry, JSON);

        assertThat(written).isEqualTo(JSON.writeValueAsBytes(entry));
        assertThat(DeadLetterJson.read(Files.write(directory.resolve("rejected.json"), written), JSON))
                .isEqualTo(entry)
                .isEqualTo(JSON.readValue(written, DeadLetter.class));
    }

    @Test
    void missingFieldsAreNullOrZero() throws Exception {
        DeadLetter entry = DeadLetterJson.read(file("{\"reportId\":\"" + ID + "\",\"state\":\"pending\"}"), JSON);

        assertThat(entry).isEqualTo(new DeadLetter(ID, null, 0, null, null, null, "pending", null, 0));
    }

    @Test
    void anUnknownFieldIsAnErrorNamingTheFileAndTheField() throws Exception {
        assertRefused("{\"reportId\":\"" + ID + "\",\"body\":\"secret\"}", "unknown field 'body'");
    }

    @Test
    void aFieldOfTheWrongTypeIsAnErrorNamingIt() throws Exception {
        assertRefused("{\"reportId\":7}", "field 'reportId' is not text");
        assertRefused("{\"attempts\":\"3\"}", "field 'attempts' is not a whole number");
        assertRefused("{\"version\":12345678901}", "field 'version' is not a whole number");
    }

    @Test
    void somethingElseThanAnObjectIsAnError() throws Exception {
        assertRefused("[1,2]", "not a JSON object");
        assertRefused("", "not a JSON object");

        Path torn = file("{\"reportId\":");
        assertThatThrownBy(() -> DeadLetterJson.read(torn, JSON)).isInstanceOf(IOException.class);
    }

    /** Reading {@code json} fails with an error naming the file and {@code problem}. */
    private void assertRefused(String json, String problem) throws IOException {
        Path file = file(json);
        assertThatThrownBy(() -> DeadLetterJson.read(file, JSON)).isInstanceOf(IOException.class)
                .hasMessage(file + ": " + problem);
    }
}
