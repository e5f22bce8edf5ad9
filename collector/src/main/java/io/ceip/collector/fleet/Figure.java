package io.ceip.collector.fleet;

import java.util.Locale;
import java.util.Optional;

/**
 * The fleet's figures. The {@link #counting() counting} ones are installations counted per value of one column, each
 * installation whose latest report is in the window once, under that report's value (product versions per product
 * and version; {@link FleetQueries}), except {@link #ACTIVE_INSTALLATIONS}, which counts them on each UTC day they
 * reported; {@link #USAGE} is the reports' declared usage counts
 * ({@link UsageQueries}); the others come from the reports' events ({@link EventQueries}): feature use over time, the
 * top error fingerprints and the operations' duration percentiles; {@link #QUARANTINE} is the store's quarantine. The
 * JSON of each is at {@code /v1/fleet/<name>.json}.
 */
public enum Figure {

    ACTIVE_INSTALLATIONS("active-installations", "Active installations per day", null),
    /**
     * Per product and version, the two columns apart ({@link FleetQueries#productVersions}): a collector may take
     * several products.
     */
    PRODUCT_VERSIONS("product-versions", "Product versions", "product_version"),
    OPERATING_SYSTEMS("operating-systems", "Operating systems", "os_name"),
    JAVA_VERSIONS("java-versions", "Java versions", "java_version"),
    DATABASE_VENDORS("database-vendors", "Database vendors", "db_vendor"),
    CONSENT_LEVELS("consent-levels", "Consent levels", "consent_level"),
    /** The declared usage counts per product and key over the installations' latest reports ({@link UsageQueries}). */
    USAGE("usage", "Usage counts", null),
    FEATURE_USE("feature-use", "Feature use over time", null),
    TOP_ERRORS("top-errors", "Top error fingerprints", null),
    OPERATION_DURATIONS("operation-durations", "Operation duration percentiles", null),
    /**
     * The store's quarantined Kafka records ({@link FleetQueries#quarantine}): how many, the oldest's time, the bound;
     * not a figure of the reports.
     */
    QUARANTINE("quarantine", "Quarantined Kafka records", null);

    private final String name;
    private final String title;
    private final String column;

    Figure(String name, String title, String column) {
        this.name = name;
        this.title = title;
        this.column = column;
    }

    public String figureName() {
        return name;
    }

    public String title() {
        return title;
    }

    /**
     * True for the figures of installations counted per value ({@link FleetQueries#figure}; product versions per
     * product and version, {@link FleetQueries#productVersions}).
     */
    public boolean counting() {
        return ordinal() <= CONSENT_LEVELS.ordinal();
    }

    /** The column (or expression of columns) counted: fixed SQL, never from a request; null for the per-day figure. */
    String column() {
        return column;
    }

    /** The figure of {@code <name>.json}, if there is one. */
    public static Optional<Figure> ofFile(String file) {
        if (file == null) {
            return Optional.empty();
        }
        String name = file.toLowerCase(Locale.ROOT);
        for (Figure figure : values()) {
            if (name.equals(figure.name + ".json")) {
                return Optional.of(figure);
            }
        }
        return Optional.empty();
    }
}
