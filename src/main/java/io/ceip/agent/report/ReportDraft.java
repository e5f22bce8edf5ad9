package io.ceip.agent.report;

import io.ceip.agent.collect.UsageQuery;

import java.util.ArrayList;
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
    private final String generatedAt;
    private final String consentLevel;
    private final ProductInfo product;
    private final EnvironmentInfo environment;
    private final List<UsageQuery> usageQueries;
    private final Map<String, Long> usage = new LinkedHashMap<>();
    private final List<CollectionFailure> failures = new ArrayList<>();
    private DatabaseInfo database;
    private boolean databaseUnavailable;

    public ReportDraft(String reportId, String installationId, String generatedAt, String consentLevel,
            ProductInfo product, EnvironmentInfo environment, List<UsageQuery> usageQueries) {
        this.reportId = reportId;
        this.installationId = installationId;
        this.generatedAt = generatedAt;
        this.consentLevel = consentLevel;
        this.product = product;
        this.environment = environment;
        this.usageQueries = List.copyOf(usageQueries);
    }

    public String getReportId() {
        return reportId;
    }

    /** The usage queries still to run: none once the database was found unavailable. */
    public List<UsageQuery> getUsageQueries() {
        return databaseUnavailable ? List.of() : usageQueries;
    }

    public void database(DatabaseInfo info) {
        this.database = info;
    }

    /** The database could not be reached: recorded as a failure, and the usage queries are skipped. */
    public void databaseUnavailable(Throwable error) {
        this.databaseUnavailable = true;
        fail("database", error);
    }

    /** Records the count of query {@code name}; a value that is not one number is recorded as a failure. */
    public void count(String name, Object value) {
        if (value instanceof Number number) {
            usage.put(name, number.longValue());
        } else {
            failures.add(new CollectionFailure("query:" + name, "NotASingleNumber"));
        }
    }

    /** Records that query {@code name} failed with {@code error} (its class only is kept). */
    public void queryFailed(String name, Throwable error) {
        fail("query:" + name, error);
    }

    private void fail(String source, Throwable error) {
        failures.add(new CollectionFailure(source, error == null ? "Unknown" : error.getClass().getSimpleName()));
    }

    public List<CollectionFailure> failures() {
        return List.copyOf(failures);
    }

    /** The finished report; {@code partial} is true when anything failed. */
    public Report toReport() {
        return new Report(Report.SCHEMA_VERSION, reportId, installationId, generatedAt, consentLevel, product,
                environment, database, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(usage)),
                !failures.isEmpty(), List.copyOf(failures));
    }
}
