package io.ceip.agent.support;

import io.ceip.agent.delivery.GzipDataFormat;

import java.nio.charset.StandardCharsets;

/** Gzip bodies the dead-letter store accepts as the report of an entry: a JSON object with that {@code reportId}. */
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
}
