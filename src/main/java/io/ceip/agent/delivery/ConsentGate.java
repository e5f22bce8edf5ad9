package io.ceip.agent.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.outbox.DeadLetter;
import io.ceip.agent.outbox.Kept;
import io.ceip.agent.outbox.PartialReport;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.privacy.WithdrawalOrder;
import io.ceip.agent.report.ReportRedactor;
import io.ceip.agent.report.ReportSteps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent, checked again right before every HTTP request (first attempt, retry or replay): when it is now
 * {@code off} the request is not made ({@link ConsentWithdrawnException}; the report is then deleted and the
 * audit says so); when it dropped from {@code full} to {@code basic}, the {@code full}-only fields are removed
 * from the body, and from the stored copy, before sending. A destination's consent ceiling lowers the level further
 * ({@link Destination#allowed}: the customer's copy never carries more than the lower of the two). When consent
 * cannot be decided (the product's setting could not be read) the request is not made either, but the report stays
 * kept ({@link ConsentUndecidedException}, {@link #held}). A report collected before the last withdrawal of consent
 * ({@link io.ceip.agent.privacy.ConsentAudit#lastWithdrawal()}) is not sent either, even when consent was given again
 * since (it is deleted as at {@code off}): consent given anew covers only what is collected from then on. Before or
 * after is the audit's order, the withdrawal on record at collection kept with the report ({@link WithdrawalOrder}),
 * never the report's {@code generatedAt} against a withdrawal's time (a clock ahead or set back in between). The body
 * about to be sent is then read for its own {@code failures} ({@link PartialReport}, exchange property
 * {@value PartialReport#PROPERTY}): its ledger lines and the destination's status say whether it is partial.
 */
public final class ConsentGate {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentGate.class);
    /** The status of a report held because consent cannot be decided. */
    static final String UNDECIDED = "consent undecided, the product's consent setting could not be read";

    /** The most JSON tokens a report to reduce may hold, per byte of {@code ceip.report.max-bytes}. */
    static final int TOKENS_PER_BYTE = 16;

    /** What a stored report says of its collection: under which consent, and when. */
    record Collected(ConsentLevel level, Instant at) {
    }

    private final ConsentPolicy consent;
    private final ReportRedactor redactor;
    private final Destinations destinations;
    private final Supplier<ObjectMapper> mapper;
    private final long maxTokens;

    public ConsentGate(ConsentPolicy consent, ReportRedactor redactor, Destinations destinations,
            Supplier<ObjectMapper> mapper) {
        this(consent, redactor, destinations, mapper, 65536);
    }

    /**
     * @param maxReportBytes {@code ceip.report.max-bytes}: a report to reduce holds at most {@value #TOKENS_PER_BYTE}
     *                       JSON tokens per byte of it (its tree is built; the agent's own are 2 to 3 per gzip byte)
     */
    public ConsentGate(ConsentPolicy consent, ReportRedactor redactor, Destinations destinations,
            Supplier<ObjectMapper> mapper, long maxReportBytes) {
        this.consent = consent;
        this.redactor = redactor;
        this.destinations = destinations;
        this.mapper = mapper;
        this.maxTokens = TOKENS_PER_BYTE * maxReportBytes;
    }

    public void check(@ExchangeProperty(ReportSteps.REPORT_ID) String reportId, Exchange exchange)
            throws ConsentWithdrawnException, ConsentUndecidedException, IOException {
        exchange.removeProperty(PartialReport.PROPERTY); // said of the body this attempt sends, never an earlier one
        ConsentDecision decision = consent.decide();
        if (decision.undecided()) {
            throw new ConsentUndecidedException();
        }
        if (decision.level() == ConsentLevel.OFF) {
            throw new ConsentWithdrawnException(decision);
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        Collected collected = collected(body);
        Destination to = destinations.of(exchange);
        Optional<Instant> withdrawal = consent.audit().lastWithdrawal();
        if (withdrawal.isPresent() && WithdrawalOrder.withdrawnSince(seen(reportId, exchange, to), collected.at(),
                withdrawal.get())) {
            throw new ConsentWithdrawnException(withdrawal.get());
        }
        ConsentLevel collectedUnder = collected.level();
        ConsentLevel allowed = to.allowed(decision.level());
        if (!allowed.covers(collectedUnder)) {
            byte[] reduced = reduce(body, allowed);
            to.queue().kept().replaceBody(reportId, reduced);
            exchange.getIn().setBody(reduced);
            exchange.setProperty(DeliverySteps.BYTES, reduced.length);
            LOG.info("Report {}{} was collected under {} consent, which is now {}{}: fields above {} removed before"
                    + " sending", reportId, DeliverySteps.copy(to), collectedUnder.id(), decision,
                    allowed == decision.level() ? "" : " (ceiling " + to.ceiling().id() + ")", allowed.id());
        }
        PartialReport partial = PartialReport.read(exchange.getIn().getBody(byte[].class));
        exchange.setProperty(PartialReport.PROPERTY, partial); // its ledger lines say it
        to.status().attempting(partial);
    }

    /**
     * The withdrawal on record when the report was collected: its kept entry's mark (null when kept without one: then
     * judged by its collection time, never by another report's mark), else the mark a new report's exchange carries
     * (one kept nowhere). A report whose entry cannot be read now (refused or deleted meanwhile, an I/O error) is not
     * judged by its collection time, which a clock ahead made later than a withdrawal after it: it is not sent now, a
     * local failure, and stays as it is.
     */
    private static String seen(String reportId, Exchange exchange, Destination to) {
        Optional<DeadLetter> kept = to.queue().kept().read(reportId);
        if (kept.isPresent()) { // its own mark, even none: Optional.map took a null mark for no entry (review s31)
            return kept.get().withdrawalSeen();
        }
        String carried = exchange.getProperty(WithdrawalOrder.PROPERTY, String.class);
        if (carried == null) {
            throw new IllegalStateException("report " + reportId + ": its kept entry cannot be read now, so whether"
                    + " consent was withdrawn after its collection is not known: not sent now");
        }
        return carried;
    }

    /**
     * Consent could not be decided before a request ({@link ConsentUndecidedException}, outcome {@code retry}): the
     * report stays kept as pending, its last status {@value #UNDECIDED}, sent by a later replay once consent is known
     * (a replay stops here, as at an endpoint failure). No attempt was made: none is written to the ledger.
     */
    public void held(@ExchangeProperty(ReportSteps.REPORT_ID) String reportId, Exchange exchange) {
        Destination to = destinations.of(exchange);
        exchange.setProperty(DeliverySteps.STATUS, UNDECIDED);
        Kept kept = to.queue().failed(reportId, UNDECIDED, DeliverySteps.attempts(exchange));
        exchange.setProperty(DeliverySteps.KEPT, kept);
        LOG.warn("Report {}{} not sent now: {}; {}", reportId, DeliverySteps.copy(to), UNDECIDED,
                kept == Kept.NOWHERE ? Kept.GONE
                        : "kept for the next replay, nothing deleted");
    }

    /**
     * The gzip report {@code body} with the fields above {@code level} removed and its {@code consentLevel} set to
     * {@code level} (the same redaction as a report collected under that level); the body itself when it was collected
     * under {@code level} or lower.
     */
    public byte[] within(byte[] body, ConsentLevel level) throws IOException {
        return level.covers(collected(body).level()) ? body : reduce(body, level);
    }

    /**
     * Reduced as a tree, built only within {@link #maxTokens}: a kept report of millions of values (a planted 18 KB of
     * gzip: 6 million {@code {}}) is refused, never built (it ran the agent's heap out, at every replay); then it stays
     * pending as a failure before the endpoint ({@code ceipLocalFailure}: the replay goes on).
     */
    private byte[] reduce(byte[] body, ConsentLevel level) throws IOException {
        ObjectNode report;
        JsonFactory bounded = mapper.get().getFactory().rebuild().streamReadConstraints(StreamReadConstraints.builder()
                .maxTokenCount(maxTokens).build()).build();
        try (JsonParser parser = bounded.createParser(new GZIPInputStream(new ByteArrayInputStream(body)))) {
            report = (ObjectNode) mapper.get().readTree(parser);
        } catch (StreamConstraintsException e) {
            LOG.warn("A kept report holds more than {} JSON values, more than any the agent makes with"
                    + " ceip.report.max-bytes: not reduced to {} consent, not sent", maxTokens, level.id());
            throw new IllegalStateException("a kept report of more than " + maxTokens + " JSON values");
        }
        report.put("consentLevel", level.id());
        return GzipDataFormat.gzip(redactor.redactToJson(report, level));
    }

    /**
     * The {@code consentLevel} a gzip report was collected under ({@code basic} when absent) and its
     * {@code generatedAt} (the earliest time when absent or not a time: older than any withdrawal), read as a stream up
     * to those top-level fields: the report is parsed whole only when it has to be reduced.
     */
    Collected collected(byte[] gzipReport) throws IOException {
        ConsentLevel level = null;
        Instant at = null;
        try (JsonParser parser = mapper.get().getFactory().createParser(
                new GZIPInputStream(new ByteArrayInputStream(gzipReport)))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the report to send is not a JSON object");
            }
            while ((level == null || at == null) && parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                String text = parser.nextToken().isScalarValue() ? parser.getValueAsString() : null;
                parser.skipChildren();
                if (field.equals("consentLevel")) {
                    level = ConsentLevel.parse(text == null ? "basic" : text);
                } else if (field.equals("generatedAt")) {
                    at = time(text);
                }
            }
        }
        return new Collected(level == null ? ConsentLevel.BASIC : level, at == null ? Instant.MIN : at);
    }

    private static Instant time(String text) {
        try {
            if (text == null) {
                return Instant.MIN;
            }
            return Instant.parse(text);
        } catch (DateTimeParseException notATime) {
            return Instant.MIN;
        }
    }
}
