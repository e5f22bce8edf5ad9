package io.ceip.collector.validate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A report that passed its schema: its IDs (lower-cased), what the fleet view keeps as columns, the JSON as
 * received and its tree (read only: the store takes {@code features.events}, {@code errors} and {@code durations}
 * from it).
 */
public record Report(String reportId, String installationId, String generatedAt, String productName,
        String productVersion, String osName, String javaVersion, String databaseVendor, String consentLevel,
        byte[] json, JsonNode tree) {

    /** The intake's bounds ({@link ReportValidator#mapper()}): a record of the hand-off is read no further. */
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = ReportValidator.mapper();

    /**
     * The fields of {@code json}, a report an intake already checked (the store reads it back from the hand-off).
     *
     * @throws IllegalArgumentException when it is not a JSON object with both IDs
     */
    public static Report parse(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.path("reportId").isTextual() || !node.path("installationId").isTextual()) {
            throw new IllegalArgumentException("not a report");
        }
        return of(node, json);
    }

    /** The fields of {@code node}, a report that passed its schema. */
    static Report of(JsonNode node, byte[] json) {
        return new Report(text(node, "reportId").toLowerCase(java.util.Locale.ROOT),
                text(node, "installationId").toLowerCase(java.util.Locale.ROOT), text(node, "generatedAt"),
                text(node.path("product"), "name"), text(node.path("product"), "version"),
                text(node.path("environment"), "osName"), text(node.path("environment"), "javaVersion"),
                text(node.path("database"), "vendor"), text(node, "consentLevel"), json, node);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
