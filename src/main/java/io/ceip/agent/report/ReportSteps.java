package io.ceip.agent.report;

import io.ceip.agent.collect.CollectionConnection;
import io.ceip.agent.collect.DatabaseInfoCollector;
import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.collect.SystemInfoCollector;
import io.ceip.agent.collect.UsageQueries;
import io.ceip.agent.collect.UsageQuery;
import io.ceip.agent.events.EventStore;
import io.ceip.agent.outbox.AgentStatus;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.privacy.WithdrawalOrder;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collection steps the report routes call, in order: {@link #consentAllows} (once per cycle),
 * {@link #start}, {@link #collectDatabase}, one {@link #recordRows} or {@link #recordQueryFailure} per usage query
 * (run by the route through camel-jdbc), {@link #finish} (the redacted JSON tree) and, right before the report is
 * stored for delivery, {@link #commit}. The draft travels in the exchange property {@value #DRAFT}.
 */
public final class ReportSteps {

    /** Exchange property holding the {@link ReportDraft}. */
    public static final String DRAFT = "ceipDraft";
    /** Exchange property carrying the report ID through the routes (never an HTTP header). */
    public static final String REPORT_ID = "ceipReportId";
    /** Exchange property holding the {@link ConsentDecision} of this cycle. */
    public static final String CONSENT = "ceipConsent";
    /** Exchange property holding the {@link UsageQuery} being run. */
    public static final String QUERY = "ceipQuery";
    /** Optional exchange property: the {@code generatedAt} of the report to build (an Instant or ISO-8601 text). */
    public static final String GENERATED_AT = "ceipGeneratedAt";
    /** Exchange property set to true for a preview: consent is not audited, nothing is stored. */
    public static final String PREVIEW = "ceipPreview";
    /** Exchange property holding what gives the collection's turn back ({@link OneReportAtATime}). */
    static final String TURN = "ceipTurn";

    private static final Logger LOG = LoggerFactory.getLogger(ReportSteps.class);

    private final InstallationId installationId;
    private final ConsentPolicy consent;
    private final ProductInfo product;
    private final SystemInfoCollector systemInfo;
    private final CollectionConnection database;
    private final DatabaseInfoCollector databaseInfo;
    private final UsageQueries queries;
    private final ReportRedactor redactor;
    private final Pseudonyms pseudonyms;
    private final FeatureWindow window;
    private final AgentStatus status;
    private final Clock clock;
    private final EventStore events;
    private final EventsFit fit;
    private final OneReportAtATime turns;

    /**
     * @param events the product events' window, taken by each full-consent report (see {@link EventStore})
     * @param fit what of the events a report too big with them goes without ({@code ceip.report.max-bytes})
     */
    public ReportSteps(InstallationId installationId, ConsentPolicy consent, ProductInfo product,
            SystemInfoCollector systemInfo, CollectionConnection database, UsageQueries queries,
            ReportRedactor redactor, Pseudonyms pseudonyms, FeatureWindow window, AgentStatus status, Clock clock,
            EventStore events, EventsFit fit, OneReportAtATime turns) {
        this.installationId = installationId;
        this.consent = consent;
        this.product = product;
        this.systemInfo = systemInfo;
        this.database = database;
        this.databaseInfo = new DatabaseInfoCollector(database);
        this.queries = queries;
        this.redactor = redactor;
        this.pseudonyms = pseudonyms;
        this.window = window;
        this.status = status;
        this.clock = clock;
        this.events = events;
        this.fit = fit;
        this.turns = turns;
    }

    /**
     * Decides consent for this cycle (once) and answers whether anything may be collected; a consent that cannot be
     * decided (a file it is read from failed) is a {@link ConsentUnknownException}.
     */
    public boolean consentAllows(Exchange exchange) {
        ConsentDecision decision;
        try { // the withdrawal on record before the decision: one after it withdraws what this cycle collects
            exchange.setProperty(WithdrawalOrder.PROPERTY, WithdrawalOrder.seen(consent.audit()));
            decision = consent.decide();
        } catch (RuntimeException e) {
            throw new ConsentUnknownException(e);
        }
        exchange.setProperty(CONSENT, decision);
        return decision.level() != ConsentLevel.OFF;
    }

    /**
     * Starts a report under this cycle's consent; refuses to when it is off. The report ID and time are new,
     * unless the exchange brings them ({@value #REPORT_ID}, {@value #GENERATED_AT}): given the same
     * ID, time and data, the report is the same to the byte. A report (not a preview) first takes the collection's
     * turn ({@link OneReportAtATime}), given back at its {@link #commit} or at the end of its exchange.
     */
    public ReportDraft start(Exchange exchange) {
        boolean preview = exchange.getProperty(PREVIEW, false, Boolean.class);
        ConsentDecision decision = exchange.getProperty(CONSENT, ConsentDecision.class);
        if (decision == null) {
            decision = preview ? consent.peek() : consent.decide();
        }
        if (decision.level() == ConsentLevel.OFF) {
            throw new IllegalStateException("consent is off: no report may be collected");
        }
        String reportId = exchange.getProperty(ReportSteps.REPORT_ID, UUID.randomUUID().toString(), String.class);
        if (!preview) {
            Turn turn = new Turn(turns.take(reportId));
            exchange.setProperty(TURN, turn);
            exchange.getExchangeExtension().addOnCompletion(turn);
        }
        Object given = exchange.getProperty(GENERATED_AT);
        Instant generatedAt = (given instanceof Instant instant ? instant : given != null
                ? Instant.parse(given.toString()) : clock.instant()).truncatedTo(ChronoUnit.MILLIS);
        ReportDraft draft = new ReportDraft(reportId, installationId.get().toString(), generatedAt, decision.level(),
                product, systemInfo.collect(), queries.allowedUnder(decision.level()), window.from(generatedAt));
        draft.startedAt(clock.instant());
        if (decision.level() == ConsentLevel.FULL) {
            draft.events(preview ? events.peek() : events.seal());
        }
        exchange.setProperty(DRAFT, draft);
        exchange.setProperty(ReportSteps.REPORT_ID, reportId);
        if (!preview) {
            status.reportCreated(reportId);
        }
        return draft;
    }

    /**
     * Takes the collection's one database connection and reads the vendor and version; an unreachable database
     * (down, wrong password…) marks the report partial and the usage queries are skipped.
     */
    public void collectDatabase(@Body ReportDraft draft) {
        try {
            database.open();
            draft.database(databaseInfo.collect());
        } catch (Exception e) {
            LOG.warn("Report {}: product database unavailable ({}, {}{}){}; usage counts skipped",
                    draft.getReportId(), FailureReason.of(e), e.getClass().getSimpleName(), FailureReason.sqlState(e),
                    FailureReason.advice(e));
            draft.databaseUnavailable(e);
        }
    }

    /** Returns the collection's connection (before any network I/O); called whatever happened. */
    public void endCollection() {
        database.close();
    }

    /**
     * Records the rows one usage query returned, as numbers only ({@link UsageValues}): more than
     * {@code ceip.collect.max-rows} are cut off and marked; anything the typed rule does not let leave fails the
     * query (its reason is logged and reported, never the value).
     */
    public void recordRows(@ExchangeProperty(DRAFT) ReportDraft draft, @ExchangeProperty(QUERY) UsageQuery query,
            @Body List<Map<String, Object>> rows) {
        if (rows.size() > database.maxRows()) {
            LOG.warn("Report {}: usage query '{}' returned more than {} rows (ceip.collect.max-rows); not reported",
                    draft.getReportId(), query.name(), database.maxRows());
            draft.rowLimitExceeded(query.name());
            return;
        }
        try {
            draft.record(query, UsageValues.of(query, rows, pseudonyms::of));
        } catch (UsageValues.UnusableValueException e) {
            LOG.warn("Report {}: usage query '{}' returned what may not leave ({}{}); not reported, the report will"
                    + " be partial", draft.getReportId(), query.name(), e.detail(), queries.named());
            draft.unusable(query.name(), e);
        }
    }

    /** Records that one usage query failed: its name and error class, never its SQL or message. */
    public void recordQueryFailure(@ExchangeProperty(DRAFT) ReportDraft draft,
            @ExchangeProperty(QUERY) UsageQuery query, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        LOG.warn("Report {}: usage query '{}' failed ({}{}); the report will be partial", draft.getReportId(),
                query.name(), FailureReason.described(error), queries.named());
        draft.queryFailed(query.name(), error);
    }

    /** The finished report as the JSON (UTF-8 bytes) that may leave: allowlisted, consent-filtered and redacted. */
    public byte[] finish(@ExchangeProperty(DRAFT) ReportDraft draft, @ExchangeProperty(PREVIEW) Boolean preview) {
        Report report = draft.toReport();
        if (!Boolean.TRUE.equals(preview)) {
            status.collected(Math.max(0, clock.millis() - draft.startedAt().toEpochMilli()), report.partial());
        }
        return fit.fit(draft.getReportId(), draft.events(), redactor.redactToJson(report, draft.consentLevel()),
                events -> redactor.redactToJson(draft.toReport(events), draft.consentLevel()),
                !Boolean.TRUE.equals(preview));
    }

    /**
     * False, and one line logged, when the finished report {@code json} is not valid against the report schema
     * (every keyword): it is then neither stored nor sent. The line names where and which keyword, never a value.
     */
    public boolean conforms(@ExchangeProperty(DRAFT) ReportDraft draft, @Body byte[] json) {
        List<String> violations = redactor.violations(json);
        if (!violations.isEmpty()) {
            LOG.error("Report {} not sent: it is not valid against report-schema.json ({} problem(s), first {})",
                    draft.getReportId(), violations.size(), violations.get(0));
        }
        return violations.isEmpty();
    }

    /**
     * The report is about to be stored for delivery (or exported): its installation ID and pseudonym salt kept, its
     * time as the last report's, at full consent its windows' ends; then the collection's turn is given back.
     */
    public void commit(@ExchangeProperty(DRAFT) ReportDraft draft, @ExchangeProperty(TURN) Runnable turn) {
        try {
            installationId.persist();
            pseudonyms.persist();
            window.reported(draft.windowTo());
            if (draft.consentLevel() == ConsentLevel.FULL) {
                window.advance(draft.windowTo());
                if (draft.events() != null) {
                    events.commit(draft.events());
                }
            }
        } catch (java.io.UncheckedIOException e) {
            LOG.error("The data directory cannot be written ({}): the installation ID, pseudonym salt, time or"
                    + " feature window of report {} are not kept; the report is still sent",
                    e.getCause().getClass().getSimpleName(), draft.getReportId());
        } finally {
            if (turn != null) {
                turn.run();
            }
        }
    }
}
