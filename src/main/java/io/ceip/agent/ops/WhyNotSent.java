package io.ceip.agent.ops;

import io.ceip.agent.report.ReportRedactor;

import java.util.List;
import java.util.Optional;

/**
 * Why a report made now would not be sent, decided as the report cycle decides it ({@code ceip-report}: the report
 * must be valid against report-schema.json, {@code reportSteps.conforms}, and its gzip body within
 * {@code ceip.report.max-bytes}, {@code deliverySteps.withinLimit}), for what an administrator is shown of it: a
 * preview says so beside the report, and an export writes nothing. The reason names where and which keyword, or the
 * size, never a value.
 */
public final class WhyNotSent {

    private final ReportRedactor redactor;
    private final long maxBytes;

    /** @param maxBytes {@code ceip.report.max-bytes} */
    public WhyNotSent(ReportRedactor redactor, long maxBytes) {
        this.redactor = redactor;
        this.maxBytes = maxBytes;
    }

    /** The reason the report {@code json} (its gzip body {@code gzip}) would not be sent; empty when it would be. */
    public Optional<String> of(byte[] json, byte[] gzip) {
        List<String> violations = redactor.violations(json);
        if (!violations.isEmpty()) {
            return Optional.of("it is not valid against report-schema.json (" + violations.size()
                    + " problem(s), first " + violations.get(0) + ")");
        }
        if (gzip.length > maxBytes) {
            return Optional.of(gzip.length + " bytes gzip is over ceip.report.max-bytes (" + maxBytes + ")");
        }
        return Optional.empty();
    }
}
