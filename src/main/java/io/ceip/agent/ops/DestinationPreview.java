package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.delivery.ConsentGate;
import io.ceip.agent.delivery.Destination;
import io.ceip.agent.delivery.Destinations;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the preview says about the destinations: the report a destination would be sent now ({@link #preview}: for the
 * vendor's, {@link ReportPreview}'s; for the customer's, the same report filtered to the lower of the consent and its
 * ceiling, as {@code copySteps} stores it), and a note per destination beside the vendor's ({@link #notes}). Sends
 * and writes nothing; never shows a token.
 */
public final class DestinationPreview {

    private final ReportPreview preview;
    private final Destinations destinations;
    private final ConsentGate gate;
    private final ConsentPolicy consent;
    private final Supplier<ObjectMapper> mapper;

    public DestinationPreview(ReportPreview preview, Destinations destinations, ConsentGate gate,
            ConsentPolicy consent, Supplier<ObjectMapper> mapper) {
        this.preview = preview;
        this.destinations = destinations;
        this.gate = gate;
        this.consent = consent;
        this.mapper = mapper;
    }

    /**
     * The pretty JSON of the report {@code destination} ({@code vendor} or {@code customer}) would be sent now, or a
     * one-line explanation (consent off, or that destination is not on).
     */
    public String preview(String destination, String reportId, Instant generatedAt) {
        return preview(destination, reportId, generatedAt, why -> { });
    }

    /**
     * As {@link #preview(String, String, Instant)}; {@code notSent} is told why the report cycle would not send the
     * report (nor make the customer's copy of it), if so.
     */
    public String preview(String destination, String reportId, Instant generatedAt, Consumer<String> notSent) {
        if (Destination.VENDOR.equals(destination)) {
            return preview.preview(reportId, generatedAt, notSent);
        }
        if (!isOn(destination)) {
            return notOn(destination);
        }
        ConsentLevel level = consent.peek().level();
        if (level == ConsentLevel.OFF) {
            return preview.preview(reportId, generatedAt);
        }
        Destination customer = destinations.customer().get();
        try {
            byte[] copy = gate.within(preview.raw(reportId, generatedAt, notSent), customer.allowed(level));
            ObjectMapper jackson = mapper.get();
            return jackson.writerWithDefaultPrettyPrinter().writeValueAsString(
                    jackson.readTree(GzipDataFormat.gunzip(copy)));
        } catch (IOException e) {
            throw new IllegalStateException("the customer's copy could not be read back", e);
        }
    }

    /** Whether {@code destination} is on: {@code vendor}, or {@code customer} while its endpoint is enabled. */
    public boolean isOn(String destination) {
        return Destination.VENDOR.equals(destination)
                || Destination.CUSTOMER.equals(destination) && destinations.customer().isPresent();
    }

    /** The one line for a {@code destination} that is not on. */
    public String notOn(String destination) {
        return "No destination '" + String.valueOf(destination).replaceAll("[^A-Za-z0-9._-]", "?") + "' is on:"
                + " the destinations are vendor" + (destinations.customer().isPresent() ? " and customer" : "")
                + " (ceip.customer-endpoint.enabled turns the customer's on).";
    }

    /**
     * The exact gzip body {@code destination} would be sent now: the vendor's ({@link ReportPreview#raw}), or the
     * customer's copy of it at the lower of the consent and its ceiling, as {@code copySteps} stores it.
     *
     * @throws IllegalStateException when consent is off or the destination is not on (one line)
     */
    public byte[] raw(String destination, String reportId, Instant generatedAt) {
        return raw(destination, reportId, generatedAt, why -> { });
    }

    /** As {@link #raw(String, String, Instant)}; {@code notSent} is told why the cycle would not send it, if so. */
    public byte[] raw(String destination, String reportId, Instant generatedAt, Consumer<String> notSent) {
        if (!isOn(destination)) {
            throw new IllegalStateException(notOn(destination));
        }
        byte[] vendor = preview.raw(reportId, generatedAt, notSent);
        try {
            return Destination.VENDOR.equals(destination) ? vendor
                    : gate.within(vendor, destinations.customer().get().allowed(consent.peek().level()));
        } catch (IOException e) {
            throw new IllegalStateException("the customer's copy could not be made", e);
        }
    }

    /** One note per destination beside the vendor's: where its copy goes and at which level. */
    public List<String> notes() {
        ConsentLevel level = consent.peek().level();
        return destinations.customer().filter(c -> level != ConsentLevel.OFF).map(customer -> List.of(
                "a copy also goes to the customer's own endpoint (ceip.customer-endpoint.url) at consent "
                        + customer.allowed(level).id() + " (the lower of consent " + level.id() + " and its ceiling "
                        + customer.ceiling().id() + "); 'ceip-agent preview --destination customer' shows it"))
                .orElse(List.of());
    }
}
