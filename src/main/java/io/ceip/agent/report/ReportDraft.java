package io.ceip.agent.report;

import io.ceip.agent.collect.DatabaseInfo;
import io.ceip.agent.collect.EnvironmentInfo;
import io.ceip.agent.collect.InventoryQuery;
import io.ceip.agent.collect.UsageQuery;
import io.ceip.agent.events.EventAggregate;
import io.ceip.agent.privacy.ConsentLevel;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report while it is being collected: the route fills it step by step, then {@link #toReport()} freezes it.
 * A failed part is recorded by source and error class only.
 */
public final class ReportDraft {

    private final String reportId;
    private final String installationId;
    private final Instant generatedAt;
    private final ConsentLevel consentLevel;
    private final ProductInfo product;
    private final EnvironmentInfo environment;
    private final List<UsageQuery> usageQueries;
    private final Instant windowFrom;
    private final Instant windowTo;
    private final Map<String, Object> usage = new LinkedHashMap<>();
    private final Map<String, Object> features = new LinkedHashMap<>();
    private final List<CollectionFailure> failures = new ArrayList<>();
    private DatabaseInfo database;
    private boolean databaseUnavailable;
    private Instant startedAt = Instant.now();
    private EventAggregate.Summary events;
    private final Map<InventoryQuery.Part, List<Map<String, Object>>> inventoryRows = new EnumMap<>(
            InventoryQuery.Part.class);
    private Components components;
    private Licence licence;

    /** The product events of this report's window (full consent only). */
    public void events(EventAggregate.Summary summary) {
        this.events = summary;
    }

    public EventAggregate.Summary events() {
        return events;
    }

    /** When the collection started (for its duration). */
    public void startedAt(Instant when) {
        this.startedAt = when;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public ReportDraft(String reportId, String installationId, Instant generatedAt, ConsentLevel consentLevel,
            ProductInfo product, EnvironmentInfo environment, List<UsageQuery> usageQueries, Instant windowFrom) {
        this.reportId = reportId;
        this.installationId = installationId;
        this.generatedAt = generatedAt;
        this.consentLevel = consentLevel;
        this.product = product;
        this.environment = environment;
        this.usageQueries = List.copyOf(usageQueries);
        this.windowFrom = windowFrom;
        this.windowTo = generatedAt;
    }

    public String getReportId() {
        return reportId;
    }

    public ConsentLevel consentLevel() {
        return consentLevel;
    }

    /** The usage queries still to run: none once the database was found unavailable. */
    public List<UsageQuery> getUsageQueries() {
        return databaseUnavailable ? List.of() : usageQueries;
    }

    /** Start of the feature-usage window, bound to {@code :since} in the queries. */
    public Timestamp getSince() {
        return Timestamp.from(windowFrom);
    }

    /** End of the feature-usage window (exclusive), bound to {@code :until}: the collection time. */
    public Timestamp getUntil() {
        return Timestamp.from(windowTo);
    }

    /** End of the feature-usage window: the collection time, to the millisecond. */
    public Instant windowTo() {
        return windowTo;
    }

    public void database(DatabaseInfo info) {
        this.database = info;
    }

    /** The database could not be reached: recorded as a failure, and the usage queries are skipped. */
    public void databaseUnavailable(Throwable error) {
        this.databaseUnavailable = true;
        fail("database", error);
    }

    /**
     * Records what query {@code query} may report ({@link UsageValues}): a count, or counts by key. Under
     * {@code features.counts} for a full query, else under {@code usage}.
     */
    public void record(UsageQuery query, Object value) {
        (query.level() == ConsentLevel.FULL ? features : usage).put(query.name(), value);
    }

    /** Records that query {@code name} returned something that may not leave: the reason only, never the value. */
    public void unusable(String name, UsageValues.UnusableValueException error) {
        failures.add(new CollectionFailure("query:" + name, error.errorName(), error.reason()));
    }

    /** Records that query {@code name} returned more rows than allowed: cut off, not reported. */
    public void rowLimitExceeded(String name) {
        failures.add(new CollectionFailure("query:" + name, "RowLimitExceeded", FailureReason.ROW_LIMIT));
    }

    /** Whether the product database was reached (else no query runs). */
    public boolean databaseAvailable() {
        return !databaseUnavailable;
    }

    /** Keeps the rows an inventory query returned, until {@code InventorySteps.finish} applies the typed rule. */
    public void inventoryRows(InventoryQuery.Part part, List<Map<String, Object>> rows) {
        inventoryRows.put(part, rows);
    }

    /** The rows the inventory query of {@code part} returned, or null when it did not run or failed. */
    public List<Map<String, Object>> inventoryRows(InventoryQuery.Part part) {
        return inventoryRows.get(part);
    }

    /** The component inventory that may leave (null: none collected). */
    public void components(Components value) {
        this.components = value;
    }

    /** The licence facts that may leave (null: none collected; sent at full consent only). */
    public void licence(Licence value) {
        this.licence = value;
    }

    /** Records that a part of the collection failed: its source, error class and reason only. */
    public void failed(CollectionFailure failure) {
        failures.add(failure);
    }

    /** Records that query {@code name} failed with {@code error} (its class and {@link FailureReason} only are kept). */
    public void queryFailed(String name, Throwable error) {
        fail("query:" + name, error);
    }

    private void fail(String source, Throwable error) {
        failures.add(new CollectionFailure(source, error == null ? "Unknown" : error.getClass().getSimpleName(),
                FailureReason.of(error)));
    }

    public List<CollectionFailure> failures() {
        return List.copyOf(failures);
    }

    /** The finished report; {@code partial} is true when anything failed. */
    public Report toReport() {
        return toReport(events);
    }

    /** The finished report with {@code events} in place of the window's (a smaller form of them, {@link EventsFit}). */
    Report toReport(EventAggregate.Summary events) {
        boolean full = consentLevel == ConsentLevel.FULL;
        EventAggregate.Summary counted = full ? events : null;
        FeatureUsage featureUsage = full
                ? new FeatureUsage(windowFrom.toString(), windowTo.toString(),
                        Collections.unmodifiableMap(new LinkedHashMap<>(features)),
                        counted == null || counted.features().isEmpty() ? null : counted.features())
                : null;
        return new Report(Report.SCHEMA_VERSION, reportId, installationId, generatedAt.toString(),
                consentLevel.id(), product, environment, database,
                Collections.unmodifiableMap(new LinkedHashMap<>(usage)), featureUsage, !failures.isEmpty(),
                List.copyOf(failures), counted == null || counted.errors().isEmpty() ? null : counted.errors(),
                counted == null || counted.durations().isEmpty() ? null : counted.durations(), components,
                full ? licence : null);
    }
}
