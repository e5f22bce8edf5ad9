package io.ceip.agent.report;

import io.ceip.agent.collect.InventoryCatalog;
import io.ceip.agent.collect.InventoryFile;
import io.ceip.agent.collect.InventoryQuery;
import io.ceip.agent.collect.InventoryQuery.Part;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.privacy.RedactionRules;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory steps of the route {@code ceip-build-report} (docs/inventory.md): {@link #queries} names the
 * inventory queries a report runs (the components' always, the licence's at full consent only), the route runs each
 * on the collection's connection and hands the rows to {@link #recordRows} (or the error to
 * {@link #recordQueryFailure}); {@link #finish} reads the product's files, if the catalog names files, and applies
 * the typed rules ({@link ComponentValues}, {@link LicenceValues}), so only what they let leave reaches the report:
 * {@code components} (basic) and {@code licence} (full). A part that fails is named in {@code failures} with its
 * reason, never a value.
 */
public final class InventorySteps {

    /** Exchange property holding the {@link InventoryQuery} being run. */
    public static final String QUERY = "ceipInventoryQuery";

    private static final Logger LOG = LoggerFactory.getLogger(InventorySteps.class);

    private final InventoryCatalog catalog;
    private final String catalogFile;
    private final Pseudonyms pseudonyms;
    private final RedactionRules rules;
    private final int maxRows;
    private final int maxComponents;
    private final int maxEngines;
    private final long maxFileBytes;

    /**
     * @param catalogFile    {@code ceip.inventory.catalog-file}, the catalog's file (named by a failed query's line)
     * @param maxRows        {@code ceip.collect.max-rows}: a query returning more is not reported (row-limit)
     * @param maxComponents  {@code ceip.inventory.max-components}
     * @param maxEngines     {@code ceip.inventory.max-engines}
     * @param maxFileBytes   {@code ceip.inventory.max-file-bytes}
     */
    public InventorySteps(InventoryCatalog catalog, Path catalogFile, Pseudonyms pseudonyms, RedactionRules rules,
            int maxRows, int maxComponents, int maxEngines, long maxFileBytes) {
        this.catalog = catalog;
        this.catalogFile = catalogFile == null ? "" : OwnerOnlyFiles.shown(catalogFile.toAbsolutePath());
        this.pseudonyms = pseudonyms;
        this.rules = rules;
        this.maxRows = maxRows;
        this.maxComponents = maxComponents;
        this.maxEngines = maxEngines;
        this.maxFileBytes = maxFileBytes;
    }

    /** The inventory queries of this report: none when the database could not be reached. */
    public List<InventoryQuery> queries(@ExchangeProperty(ReportSteps.DRAFT) ReportDraft draft) {
        return draft.databaseAvailable() ? catalog.queries(draft.consentLevel()) : List.of();
    }

    /** Keeps the rows of one inventory query for {@link #finish}; more than {@code ceip.collect.max-rows}: not kept. */
    public void recordRows(@ExchangeProperty(ReportSteps.DRAFT) ReportDraft draft,
            @ExchangeProperty(QUERY) InventoryQuery query, @Body List<Map<String, Object>> rows) {
        if (rows.size() > maxRows) {
            fail(draft, query.name(), "RowLimitExceeded", FailureReason.ROW_LIMIT,
                    "returned more than ceip.collect.max-rows rows");
            return;
        }
        draft.inventoryRows(query.part(), rows);
    }

    /** Records that one inventory query failed: its part and error class, never its SQL or message. */
    public void recordQueryFailure(@ExchangeProperty(ReportSteps.DRAFT) ReportDraft draft,
            @ExchangeProperty(QUERY) InventoryQuery query,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        fail(draft, query.name(), error.getClass().getSimpleName(), FailureReason.of(error),
                "failed (" + error.getClass().getSimpleName() + "; its query is in ceip.inventory.catalog-file "
                        + catalogFile + ")");
    }

    /** Reads the files the catalog names and puts what the typed rules let leave into the draft. */
    public void finish(@ExchangeProperty(ReportSteps.DRAFT) ReportDraft draft) {
        if (catalog.hasComponents()) {
            try {
                List<Object[]> entries = catalog.componentsFile() != null
                        ? ComponentValues.fromDocument(read(draft, "components", catalog.componentsFile()))
                        : rows(draft, Part.COMPONENTS) == null ? null
                        : ComponentValues.fromRows(rows(draft, Part.COMPONENTS));
                if (entries != null) {
                    draft.components(ComponentValues.of(entries, catalog, pseudonyms::of, this::unchangedByRules,
                            maxComponents));
                }
            } catch (InventoryShapeException e) {
                shape(draft, "components");
            } catch (InventoryFile.Refused e) {
                // named in failures by read()
            } catch (RuntimeException e) { // contained: the rest of the report still goes
                failed(draft, "components", e);
            }
        }
        if (catalog.hasLicence() && draft.consentLevel() == ConsentLevel.FULL) {
            try {
                Map<String, Object> facts = catalog.licenceFile() != null
                        ? LicenceValues.fromDocument(read(draft, "licence", catalog.licenceFile()))
                        : factsFromRows(draft);
                if (facts != null) {
                    draft.licence(LicenceValues.of(facts, catalog, pseudonyms::of, maxEngines));
                }
            } catch (InventoryShapeException e) {
                shape(draft, Part.LICENCE.source());
            } catch (InventoryFile.Refused e) {
                // named in failures by read()
            } catch (RuntimeException e) {
                failed(draft, Part.LICENCE.source(), e);
            }
        }
    }

    private static void failed(ReportDraft draft, String source, RuntimeException e) {
        fail(draft, source, e.getClass().getSimpleName(), FailureReason.of(e), "failed (" + e.getClass().getSimpleName()
                + ")");
    }

    /** The licence facts of the licence queries' rows; null when the facts query did not run or failed. */
    private Map<String, Object> factsFromRows(ReportDraft draft) {
        Map<String, Object> facts;
        try {
            if (rows(draft, Part.LICENCE) == null) {
                return null;
            }
            facts = new LinkedHashMap<>(LicenceValues.fromRow(rows(draft, Part.LICENCE)));
        } catch (InventoryShapeException e) {
            shape(draft, Part.LICENCE.source());
            return null;
        }
        try {
            if (rows(draft, Part.LICENCE_FEATURES) != null) {
                facts.put("features", LicenceValues.features(rows(draft, Part.LICENCE_FEATURES)));
            }
        } catch (InventoryShapeException e) {
            shape(draft, Part.LICENCE_FEATURES.source());
        }
        try {
            if (rows(draft, Part.LICENCE_ENGINES) != null) {
                facts.put("engines", LicenceValues.engines(rows(draft, Part.LICENCE_ENGINES)));
            }
        } catch (InventoryShapeException e) {
            shape(draft, Part.LICENCE_ENGINES.source());
        }
        return facts;
    }

    private static List<Map<String, Object>> rows(ReportDraft draft, Part part) {
        return draft.inventoryRows(part);
    }

    private Object read(ReportDraft draft, String source, Path file) throws InventoryFile.Refused {
        try {
            return InventoryFile.read(file, maxFileBytes);
        } catch (InventoryFile.Refused e) {
            fail(draft, source, "UnusableFile", FailureReason.UNUSABLE_FILE,
                    "file " + OwnerOnlyFiles.shown(file) + " refused: " + e.getMessage());
            throw e;
        }
    }

    private boolean unchangedByRules(String text) {
        return rules.redactText(text).equals(text);
    }

    private static void shape(ReportDraft draft, String source) {
        fail(draft, source, "UnexpectedShape", FailureReason.UNEXPECTED_SHAPE,
                "returned another form than declared (docs/inventory.md)");
    }

    private static void fail(ReportDraft draft, String source, String error, String reason, String what) {
        LOG.warn("Report {}: inventory {} {}; not reported, the report will be partial", draft.getReportId(), source,
                what);
        draft.failed(new CollectionFailure(source, error, reason));
    }
}
