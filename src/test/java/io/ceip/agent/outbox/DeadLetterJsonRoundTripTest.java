package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The metadata file is written and read by Jackson's record mapping, strictly, in the layout it always had. */
class DeadLetterJsonRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @TempDir
    Path directory;

    private Path file(String json) throws IOException {
        return Files.writeString(directory.resolve(ID + ".meta.json"), json);
    }

    @Test
    void aNewEntryIsWrittenInItsLayoutAndReadBack() throws Exception {
        DeadLetter entry = DeadLetter.pending(ID, "2026-11-24T03:00:00Z", "none");

        byte[] written = DeadLetterJson.write(entry, JSON);

        assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"reportId\":\"" + ID
                + "\",\"created\":\"2026-11-24T03:00:00Z\",\"attempts\":0,\"firstFailure\":null,"
                + "\"lastFailure\":null,\"lastStatus\":null,\"state\":\"pending\",\"response\":null,\"version\":1,"
                + "\"withdrawalSeen\":\"none\"}");
        assertThat(DeadLetterJson.read(Files.write(directory.resolve("new.json"), written), JSON)).isEqualTo(entry);
    }

    @Test
    void aFailedRejectedEntryKeepsEveryField() throws Exception {
        DeadLetter entry = DeadLetter.pending(ID, "2026-11-24T03:00:00Z", "none")
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

        assertThat(entry).isEqualTo(new DeadLetter(ID, null, 0, null, null, null, "pending", null, 0, null));
    }

    @Test
    void anUnknownFieldIsAnErrorNamingTheFileAndTheField() throws Exception {
        assertRefused("{\"reportId\":\"" + ID + "\",\"body\":\"secret\"}", "unknown field 'body'");
    }

    @Test
    void aFieldOfTheWrongTypeIsAnErrorNamingIt() throws Exception {
        assertRefused("{\"reportId\":{\"a\":1}}", "field 'reportId' is not text");
        assertRefused("{\"attempts\":\"three\"}", "field 'attempts' is not a whole number");
        assertRefused("{\"attempts\":1.5}", "field 'attempts' is not a whole number");
        assertRefused("{\"version\":12345678901}", "field 'version' is not a whole number");
    }

    /**
     * Jackson's record mapping coerces a scalar to its field's type (7 reads as "7", "3" as 3), where the hand-written
     * reader refused it; such an entry still meets the ranges of the store, which refuse what does not fit.
     */
    @Test
    void aCoercedScalarIsStillCheckedByTheStoresRanges() throws Exception {
        DeadLetter coerced = DeadLetterJson.read(file("{\"reportId\":7,\"attempts\":\"3\",\"version\":1,"
                + "\"state\":\"pending\"}"), JSON);

        assertThat(coerced.reportId()).isEqualTo("7");
        assertThat(coerced.attempts()).isEqualTo(3);
        assertThat(DeadLetterFiles.problem(coerced, ID))
                .isEqualTo("metadata of another report");
    }

    @Test
    void trailingContentIsAnError() throws Exception {
        assertRefused("{\"reportId\":\"" + ID + "\"} {\"reportId\":\"x\"}", "not a JSON object");
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
