package io.ceip.agent.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.delivery.GzipDataFormat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectorStoreTest {

    private static final String REPORT = "{\"schemaVersion\":1,\"reportId\":\"3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b\"}";

    @TempDir
    Path dir;

    @Test
    void aReportIsStoredOnceAndARepeatIsAcknowledged() throws Exception {
        CollectorStore store = new CollectorStore(dir, ObjectMapper::new);
        byte[] gzip = GzipDataFormat.gzip(REPORT.getBytes(StandardCharsets.UTF_8));

        CollectorStore.Receipt first = store.accept(gzip);
        CollectorStore.Receipt again = store.accept(REPORT.getBytes(StandardCharsets.UTF_8));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(Files.list(dir)).hasSize(1);
        assertThat(new ObjectMapper().readTree(first.file().toFile()).get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void malformedBodiesAreRefused() {
        CollectorStore store = new CollectorStore(dir, ObjectMapper::new);

        assertThatThrownBy(() -> store.accept(new byte[0])).isInstanceOf(InvalidReportException.class);
        assertThatThrownBy(() -> store.accept(new byte[] { 0x1f, (byte) 0x8b, 1, 2 })).hasMessage("body is not valid gzip");
        assertThatThrownBy(() -> store.accept("{not json".getBytes(StandardCharsets.UTF_8))).hasMessage("body is not JSON");
        assertThatThrownBy(() -> store.accept("{\"reportId\":\"../../x\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("body has no valid reportId");
    }
}
