package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;
import io.ceip.agent.report.ConsentUnknownException;
import io.ceip.agent.report.ReportSteps;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Shows the report that would be sent now, after consent and redaction, without sending or writing anything: it
 * runs the same collection route as a real report ({@code direct:ceip-build-report}) in preview mode (consent is
 * read but not audited; a new installation ID or pseudonym salt stays in memory). Only {@code reportId} and
 * {@code generatedAt} differ from the next real report, as both are new per report; given the same two values,
 * {@link #raw} returns the exact gzip bytes a delivery would send. A report the cycle would not send (not valid against
 * the schema, over {@code ceip.report.max-bytes}: {@link WhyNotSent}) is shown all the same, and the reason is handed
 * to the caller, which says it beside the report.
 */
public final class ReportPreview {

    private final ConsentPolicy consent;
    private final ProducerTemplate template;
    private final Supplier<ObjectMapper> mapper;
    private final WhyNotSent whyNotSent;

    public ReportPreview(ConsentPolicy consent, ProducerTemplate template, Supplier<ObjectMapper> mapper,
            WhyNotSent whyNotSent) {
        this.consent = consent;
        this.template = template;
        this.mapper = mapper;
        this.whyNotSent = whyNotSent;
    }

    /** The pretty JSON, or a one-line explanation when consent is off. */
    public String preview() {
        return preview(null, null);
    }

    /**
     * JMX's preview: the pretty JSON, after a first line {@code Would not be sent: <reason>} when the report cycle
     * would not send this report; or a one-line explanation when consent is off.
     */
    public String previewSaid() {
        StringBuilder why = new StringBuilder();
        String json = preview(null, null, why::append);
        return why.isEmpty() ? json : "Would not be sent: " + why + "\n" + json;
    }

    /**
     * The pretty JSON of a report with this ID and time (null: new ones), or a one-line explanation when consent is
     * off.
     */
    public String preview(String reportId, Instant generatedAt) {
        return preview(reportId, generatedAt, why -> { });
    }

    /** As {@link #preview(String, Instant)}; {@code notSent} is told why the cycle would not send it, if so. */
    public String preview(String reportId, Instant generatedAt, Consumer<String> notSent) {
        ConsentDecision decision = consent.peek();
        if (decision.level() == ConsentLevel.OFF) {
            return offMessage(decision);
        }
        Optional<String> undecided = undecided();
        if (undecided.isPresent()) {
            return undecided.get();
        }
        try {
            ObjectMapper jackson = mapper.get();
            byte[] json = json(reportId, generatedAt);
            whyNotSent.of(json, GzipDataFormat.gzip(json)).ifPresent(notSent);
            return jackson.writerWithDefaultPrettyPrinter().writeValueAsString(jackson.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException("the report JSON could not be read back", e);
        }
    }

    /**
     * The exact gzip body a delivery of a report with this ID and time would send now.
     *
     * @throws IllegalStateException when consent is off
     */
    public byte[] raw(String reportId, Instant generatedAt) {
        return raw(reportId, generatedAt, why -> { });
    }

    /** As {@link #raw(String, Instant)}; {@code notSent} is told why the cycle would not send it, if so. */
    public byte[] raw(String reportId, Instant generatedAt, Consumer<String> notSent) {
        ConsentDecision decision = consent.peek();
        if (decision.level() == ConsentLevel.OFF) {
            throw new IllegalStateException(offMessage(decision));
        }
        undecided().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        byte[] json = json(reportId, generatedAt);
        byte[] gzip = GzipDataFormat.gzip(json);
        whyNotSent.of(json, gzip).ifPresent(notSent);
        return gzip;
    }

    private byte[] json(String reportId, Instant generatedAt) {
        Exchange result = template.send("direct:ceip-build-report", exchange -> {
            exchange.setProperty(ReportSteps.PREVIEW, true);
            if (reportId != null) {
                exchange.setProperty(ReportSteps.REPORT_ID, reportId);
            }
            if (generatedAt != null) {
                exchange.setProperty(ReportSteps.GENERATED_AT, generatedAt);
            }
        });
        if (result.getException() != null) {
            throw new IllegalStateException("the preview failed: " + result.getException().getClass().getSimpleName());
        }
        return result.getMessage().getBody(byte[].class);
    }

    /**
     * What a preview should say beside the report: that its installation ID is made for the preview only when none is
     * stored yet (the first report makes the installation's own), that its pseudonyms are when no salt is stored yet
     * ({@code noSalt}: another process, the agent's next report included, makes another), and why the demo data was
     * counted in memory ({@code demoInMemory}: the demo database did not exist yet, or the running agent holds it),
     * unless null.
     */
    public static java.util.List<String> notes(boolean noInstallationId, boolean noSalt, String demoInMemory) {
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (noInstallationId) {
            notes.add("no installation ID yet: the one shown is made for this preview only; the first report makes"
                    + " and keeps the installation's own");
        }
        if (noSalt) {
            notes.add("no pseudonym salt yet: the pseudonyms shown (p:…) are made for this preview only; the first"
                    + " report that carries one makes and keeps the installation's own");
        }
        if (demoInMemory != null) {
            notes.add(demoInMemory);
        }
        return notes;
    }

    /**
     * Why a report cycle could not decide consent now, as it decides it (the product's consent setting that could not
     * be read; the consent audit log that cannot be read, a directory in its place: the cycle collects and sends
     * nothing), read without writing; empty when it can. The preview showed the report as if it would be sent.
     */
    public Optional<String> undecided() {
        ConsentDecision decision = consent.peek();
        if (decision.undecided()) { // the product's consent setting could not be read
            return Optional.of(offMessage(decision));
        }
        if (decision.level() == ConsentLevel.OFF) {
            return Optional.empty();
        }
        try {
            consent.audit().lastLevel();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("Consent cannot be decided (" + ConsentUnknownException.reason(e) + "): a report"
                    + " cycle would collect and send nothing, and export nothing.");
        }
    }

    /** As {@code send} says it: consent the product's unreadable setting leaves undecided is not "off". */
    private static String offMessage(ConsentDecision decision) {
        if (decision.undecided()) {
            return "Consent cannot be decided (the product's consent setting could not be read, see the log):"
                    + " nothing would be collected or sent, and kept reports stay kept.";
        }
        return "Consent is off (from " + decision.source() + "): nothing would be collected or sent.";
    }
}
