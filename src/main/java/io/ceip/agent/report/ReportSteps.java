package io.ceip.agent.report;

import io.ceip.agent.collect.DatabaseInfoCollector;
import io.ceip.agent.collect.SystemInfoCollector;
import io.ceip.agent.collect.UsageQueries;
import io.ceip.agent.consent.ConsentDecision;
import io.ceip.agent.consent.ConsentLevel;
import io.ceip.agent.consent.ConsentPolicy;
import io.ceip.agent.delivery.AgentStatus;
import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.redact.ReportRedactor;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collection steps the report route calls, in order: {@link #start}, {@link #collectDatabase}, one
 * {@link #recordCount} or {@link #recordQueryFailure} per usage query (run by the route through camel-jdbc), and
 * {@link #finish}, which returns the redacted {@link Report}. The draft travels in the exchange property
 * {@value #DRAFT}.
 */
public final class ReportSteps {

    /** Exchange property holding the {@link ReportDraft}. */
    public static final String DRAFT = "ceipDraft";
    /** Header naming the usage query being run. */
    public static final String QUERY = "CeipQuery";

    private static final Logger LOG = LoggerFactory.getLogger(ReportSteps.class);

    private final UUID installationId;
    private final ConsentPolicy consent;
    private final ProductInfo product;
    private final SystemInfoCollector systemInfo;
    private final DatabaseInfoCollector databaseInfo;
    private final UsageQueries queries;
    private final ReportRedactor redactor;
    private final AgentStatus status;
    private final Clock clock;

    public ReportSteps(UUID installationId, ConsentPolicy consent, ProductInfo product, SystemInfoCollector systemInfo,
            DatabaseInfoCollector databaseInfo, UsageQueries queries, ReportRedactor redactor, AgentStatus status,
            Clock clock) {
        this.installationId = installationId;
        this.consent = consent;
        this.product = product;
        this.systemInfo = systemInfo;
        this.databaseInfo = databaseInfo;
        this.queries = queries;
        this.redactor = redactor;
        this.status = status;
        this.clock = clock;
    }

    /** Starts a report under the current consent; refuses to when consent is off. */
    public ReportDraft start(Exchange exchange) {
        ConsentDecision decision = consent.decide();
        if (decision.level() == ConsentLevel.OFF) {
            throw new IllegalStateException("consent is off: no report may be collected");
        }
        String reportId = UUID.randomUUID().toString();
        ReportDraft draft = new ReportDraft(reportId, installationId.toString(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), decision.level().id(), product,
                systemInfo.collect(), queries.allowedUnder(decision.level()));
        exchange.setProperty(DRAFT, draft);
        exchange.setProperty(DeliverySteps.REPORT_ID, reportId);
        status.reportCreated(reportId);
        return draft;
    }

    /** Reads the database vendor and version; an unreachable database marks the report partial. */
    public void collectDatabase(@Body ReportDraft draft) {
        try {
            draft.database(databaseInfo.collect());
        } catch (Exception e) {
            LOG.warn("Report {}: product database unavailable ({}); usage counts skipped", draft.getReportId(),
                    e.getClass().getSimpleName());
            draft.databaseUnavailable(e);
        }
    }

    /** Records the result of one usage query. */
    public void recordCount(@ExchangeProperty(DRAFT) ReportDraft draft, @Header(QUERY) String name, @Body Object value) {
        draft.count(name, value);
    }

    /** Records that one usage query failed: its name and error class, never its SQL or message. */
    public void recordQueryFailure(@ExchangeProperty(DRAFT) ReportDraft draft, @Header(QUERY) String name,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String sqlState = error instanceof java.sql.SQLException sql && sql.getSQLState() != null
                ? " SQLSTATE " + sql.getSQLState() : "";
        LOG.warn("Report {}: usage query '{}' failed ({}{}); the report will be partial", draft.getReportId(), name,
                error.getClass().getSimpleName(), sqlState);
        draft.queryFailed(name, error);
    }

    /** The finished, redacted report. */
    public Report finish(@ExchangeProperty(DRAFT) ReportDraft draft) {
        return redactor.redact(draft.toReport());
    }
}
