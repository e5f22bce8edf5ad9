package io.ceip.agent.support;

import io.ceip.agent.delivery.GzipDataFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Dead-letter entries as the store writes them, for tests that plant them: gzip bodies the store accepts as the report
 * of an entry (a JSON object with that {@code reportId}), and pending metadata.
 */
public final class StoredBodies {

    private StoredBodies() {
    }

    /** The smallest body of the report {@code reportId}. */
    public static byte[] of(String reportId) {
        return of(reportId, "");
    }

    /** The body of the report {@code reportId} with {@code moreFields} ({@code "a":1,"b":2}) after its ID. */
    public static byte[] of(String reportId, String moreFields) {
        String json = "{\"reportId\":\"" + reportId + "\"" + (moreFields.isEmpty() ? "" : "," + moreFields) + "}";
        return GzipDataFormat.gzip(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a pending entry {@code reportId} (one attempt so far, created at {@code created}) with {@code body}. */
    public static void plant(Path store, String reportId, String created, byte[] body) throws IOException {
        Files.write(store.resolve(reportId + ".json.gz"), body);
        Files.writeString(store.resolve(reportId + ".meta.json"), "{\"reportId\":\"" + reportId + "\",\"created\":\""
                + created + "\",\"attempts\":1,\"state\":\"pending\",\"version\":1}");
    }
}
