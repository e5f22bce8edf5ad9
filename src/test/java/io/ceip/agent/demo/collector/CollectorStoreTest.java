package io.ceip.agent.demo.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.report.ReportSchema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectorStoreTest {

    static final String REPORT_ID = "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b";
    static final String INSTALLATION_ID = "b9c6d118-fc63-4d36-bfcf-1f2e6c799c65";
    /** A report valid against the report schema, with {@link #REPORT_ID} and {@link #INSTALLATION_ID}. */
    static final String REPORT = """
            {"schemaVersion":1,"reportId":"%s","installationId":"%s","generatedAt":"2026-11-23T19:38:59Z",
             "consentLevel":"basic","product":{"name":"Demo","version":"1.0.0","edition":null},
             "environment":{"osName":"Linux","processors":2},"database":null,"usage":{"hosts":12},
             "partial":false,"failures":[],"redaction":{"droppedFields":0}}""";

    @TempDir
    Path dir;

    private CollectorStore store() {
        return new CollectorStore(dir, ObjectMapper::new, ReportSchema.load(new ObjectMapper()));
    }

    static byte[] report(String reportId, String installationId) {
        return REPORT.formatted(reportId, installationId).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReportIsStoredOnceAndARepeatIsAcknowledged() throws Exception {
        CollectorStore store = store();

        CollectorStore.Receipt first = store.accept(report(REPORT_ID, INSTALLATION_ID));
        CollectorStore.Receipt again = store.accept(report(REPORT_ID, INSTALLATION_ID));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(Files.list(dir)).hasSize(1);
        assertThat(new ObjectMapper().readTree(first.file().toFile()).get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void idsAreComparedAndStoredInLowerCase() throws Exception {
        CollectorStore store = store();

        CollectorStore.Receipt upper = store.accept(report(REPORT_ID.toUpperCase(), INSTALLATION_ID.toUpperCase()));
        CollectorStore.Receipt lower = store.accept(report(REPORT_ID, INSTALLATION_ID));

        assertThat(upper.duplicate()).isFalse();
        assertThat(lower.duplicate()).as("the same report ID in another case").isTrue();
        assertThat(upper.file().getFileName()).hasToString(REPORT_ID + ".json");
        assertThat(Files.list(dir)).hasSize(1);
        var stored = new ObjectMapper().readTree(upper.file().toFile());
        assertThat(stored.get("reportId").asText()).isEqualTo(REPORT_ID);
        assertThat(stored.get("installationId").asText()).isEqualTo(INSTALLATION_ID);
    }

    @Test
    void malformedBodiesAreRefused() {
        CollectorStore store = store();

        assertThatThrownBy(() -> store.accept(new byte[0])).isInstanceOf(InvalidReportException.class);
        assertThatThrownBy(() -> store.accept("{not json".getBytes(StandardCharsets.UTF_8))).hasMessage("body is not JSON");
        assertThatThrownBy(() -> store.accept("[1, 2]".getBytes(StandardCharsets.UTF_8))).hasMessage("body is not JSON");
        assertThatThrownBy(() -> store.accept("{\"reportId\":\"../../x\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("body has no valid reportId");
        assertThatThrownBy(() -> store.accept(report(REPORT_ID, "../../x")))
                .hasMessage("body has no valid installationId");
        assertThatThrownBy(() -> store.accept(("{\"reportId\":\"" + REPORT_ID + "\",\"installationId\":\""
                + INSTALLATION_ID + "\"}").getBytes(StandardCharsets.UTF_8)))
                .as("required fields missing").hasMessage("body is not a valid report");
        assertThatThrownBy(() -> store.accept(new String(report(REPORT_ID, INSTALLATION_ID), StandardCharsets.UTF_8)
                .replace("\"partial\":false", "\"partial\":\"no\"").getBytes(StandardCharsets.UTF_8)))
                .as("a field of the wrong type").hasMessage("body is not a valid report");
        assertThatThrownBy(() -> store.accept(new String(report(REPORT_ID, INSTALLATION_ID), StandardCharsets.UTF_8)
                .replace("\"usage\"", "\"extra\":1,\"usage\"").getBytes(StandardCharsets.UTF_8)))
                .as("an undeclared field").hasMessage("body is not a valid report");
        assertThat(dir).isEmptyDirectory();
    }

    /** Every keyword of the schema is checked: a value outside its {@code enum} (ignored before networknt). */
    @Test
    void aValueOutsideItsEnumIsRefused() {
        CollectorStore store = store();

        assertThatThrownBy(() -> store.accept(new String(report(REPORT_ID, INSTALLATION_ID), StandardCharsets.UTF_8)
                .replace("\"consentLevel\":\"basic\"", "\"consentLevel\":\"maximal\"")
                .getBytes(StandardCharsets.UTF_8))).hasMessage("body is not a valid report");
        assertThatThrownBy(() -> store.accept(new String(report(REPORT_ID, INSTALLATION_ID), StandardCharsets.UTF_8)
                .replace("\"failures\":[]", "\"failures\":[{\"source\":\"x\",\"error\":\"E\",\"reason\":\"whim\"}]")
                .getBytes(StandardCharsets.UTF_8))).as("an enum inside an array item")
                .hasMessage("body is not a valid report");
        assertThat(dir).isEmptyDirectory();
    }
}
