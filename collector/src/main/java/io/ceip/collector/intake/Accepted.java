package io.ceip.collector.intake;

/**
 * A report the intake accepted: its IDs (lower-cased), its JSON, and whether it is already stored (a duplicate,
 * answered 200 without being handed on). {@link #answer()} is the body of both answers, 202 and 200.
 */
public record Accepted(String reportId, String installationId, byte[] json, boolean duplicate) {

    /** {@code {"reportId":"<id>"}}: the same for a new report and for a duplicate. */
    public String answer() {
        return "{\"reportId\":\"" + reportId + "\"}";
    }
}
