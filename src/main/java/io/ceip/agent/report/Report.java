package io.ceip.agent.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.ceip.agent.collect.DatabaseInfo;
import io.ceip.agent.collect.EnvironmentInfo;
import io.ceip.agent.events.DurationHistogram.DurationSummary;
import io.ceip.agent.events.EventAggregate.ErrorSummary;
import java.util.List;
import java.util.Map;

/**
 * One telemetry report as collected, before the consent filter and redaction (which work on its JSON tree, made
 * by Jackson; see {@code ReportRedactor}). The published schema, {@code report-schema.json}, declares every field,
 * in the order of the tree, and its consent level; the README documents them with examples.
 *
 * @param schemaVersion  version of this JSON layout
 * @param reportId       a new random UUID per report; also the idempotency key of the delivery
 * @param installationId the anonymous installation ID
 * @param generatedAt    when the report was collected, UTC, ISO-8601
 * @param consentLevel   the consent under which it was collected ({@code basic} or {@code full})
 * @param product        the product the agent ships beside
 * @param environment    operating system, JVM, timezone, processors, memory
 * @param database       product database vendor and version; null when the database could not be reached
 * @param usage          results of the basic usage queries
 * @param features       results of the full usage queries over a window, and the feature events (null under basic)
 * @param partial        true when some part of the collection failed (see {@code failures})
 * @param failures       what failed, by source and error class
 * @param errors         the product's error events by fingerprint (full consent, absent when none)
 * @param durations      the product's duration events by declared operation (full consent, absent when none)
 * @param components     the installed components and their versions (basic consent, absent when none declared)
 * @param licence        the licence facts (full consent, absent when none declared or found)
 */
@JsonPropertyOrder({ "schemaVersion", "reportId", "installationId", "generatedAt", "consentLevel", "product",
        "environment", "database", "usage", "components", "features", "errors", "durations", "licence", "partial",
        "failures" })
public record Report(int schemaVersion, String reportId, String installationId, String generatedAt,
        String consentLevel, ProductInfo product, EnvironmentInfo environment, DatabaseInfo database,
        Map<String, Object> usage, FeatureUsage features, boolean partial, List<CollectionFailure> failures,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, ErrorSummary> errors,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, DurationSummary> durations,
        @JsonInclude(JsonInclude.Include.NON_NULL) Components components,
        @JsonInclude(JsonInclude.Include.NON_NULL) Licence licence) {

    /** A report without product events. */
    public Report(int schemaVersion, String reportId, String installationId, String generatedAt,
            String consentLevel, ProductInfo product, EnvironmentInfo environment, DatabaseInfo database,
            Map<String, Object> usage, FeatureUsage features, boolean partial, List<CollectionFailure> failures) {
        this(schemaVersion, reportId, installationId, generatedAt, consentLevel, product, environment, database,
                usage, features, partial, failures, null, null, null, null);
    }

    /** The version of the JSON layout this class produces. */
    public static final int SCHEMA_VERSION = 1;
}
