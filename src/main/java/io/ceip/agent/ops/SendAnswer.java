package io.ceip.agent.ops;

import io.ceip.agent.delivery.ConsentWithdrawnException;
import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.delivery.Outcome;
import io.ceip.agent.delivery.ReplaySteps;
import io.ceip.agent.outbox.Kept;
import io.ceip.agent.outbox.PartialReport;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.report.CollectionFailure;
import io.ceip.agent.report.ConsentUnknownException;
import io.ceip.agent.report.ReportDraft;
import io.ceip.agent.report.ReportSteps;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * What a report cycle run on demand did ({@code sendNow}, {@code ceip-agent send}), read from the outcome the routes
 * set ({@link Outcome}, exchange property {@value Outcome#PROPERTY}), never decided again: one line, and the exit code
 * of {@code ceip-agent send} (0 delivered, 3 stored for retry, 4 rejected, 5 consent off, 6 not sent for another
 * reason, named, or not delivered and kept nowhere). Where the report is kept is said as the routes recorded it
 * ({@link Kept}), never assumed from the outcome. Beside the running agent, which owns the store, the kept reports
 * are left to it: {@code …; kept reports are left to the running agent}. The kept reports a replay re-sent on the way
 * (after the report's 2xx, or after a {@code send} whose report was not delivered) are counted at the end of the
 * line: {@code …; 2 kept reports re-sent}. A <em>partial</em> report (some part of its collection failed, as its own
 * {@code partial} and {@code failures} say, and JMX {@code LastCollectionPartial}) says so whatever became of it, each
 * failure by its source and reason as the report holds them, at most three named, after what became of it
 * ({@link PartialReport#said()}): {@code Report … delivered (partial: 1 failure: database connection; see the log)},
 * {@code Report … not delivered (HTTP 503); stored for retry (partial: 1 failure: database connection; see the log)}.
 */
public record SendAnswer(Optional<Outcome> outcome, String line, int exitCode) {

    /** What a one-shot {@code send} says of its report kept in memory, let go as the process ends. */
    static final String LOST = "lost: the dead-letter store cannot be written, and send keeps nothing in memory once it"
            + " ends (free space or fix the permissions, see the log)";

    /** The answer for the finished exchange of {@code direct:ceip-report}. */
    public static SendAnswer of(Exchange result) {
        return answer(result, null);
    }

    /**
     * The answer of a one-shot {@code send}, whose memory ends with it: a report kept in memory whose ID is in
     * {@code lost} was let go ({@link io.ceip.agent.outbox.DeliveryQueue#letGoOfMemory}), so it is said lost, never
     * kept (exit code 6 when it was to be retried); one not in {@code lost} was moved to disk, so it is stored.
     */
    public static SendAnswer of(Exchange result, Set<String> lost) {
        return answer(result, lost);
    }

    /** @param lost null while the process keeps what it holds in memory (the running agent's {@code sendNow}) */
    private static SendAnswer answer(Exchange result, Set<String> lost) {
        String report = "Report " + result.getProperty(ReportSteps.REPORT_ID, String.class);
        Optional<Outcome> outcome = Outcome.of(result.getProperty(Outcome.PROPERTY));
        if (outcome.isEmpty()) {
            Exception failure = result.getException() != null ? result.getException() // or handled and logged:
                    : result.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class); // ceip-report-errors
            return new SendAnswer(outcome, failure instanceof ConsentUnknownException ? "Nothing sent: consent"
                    + " cannot be decided (" + failure.getMessage() + "); kept reports stay kept"
                    : "Nothing sent: the report cycle failed ("
                    + (failure == null ? "no outcome" : failure.getClass().getSimpleName()) + ")", 6);
        }
        String status = result.getProperty(DeliverySteps.STATUS, "", String.class);
        Kept kept = result.getProperty(DeliverySteps.KEPT, Kept.class);
        boolean gone = kept == Kept.MEMORY && lost != null && lost.contains(result.getProperty(ReportSteps.REPORT_ID,
                String.class));
        kept = kept == Kept.MEMORY && lost != null && !gone ? Kept.DISK : kept; // memory that ends: moved to disk
        String partial = partial(result);
        String line = switch (outcome.get()) {
            case DELIVERED -> report + " delivered" + partial + replayed(result);
            case RETRY -> report + " not delivered (" + status + Optional.ofNullable(result.getProperty(
                    DeliverySteps.HINT, String.class)).filter(h -> !h.isEmpty()).map(h -> "; " + h).orElse("") + "); "
                    + (gone ? LOST : kept == Kept.MEMORY
                    ? "kept in memory for retry (the dead-letter store cannot be written)"
                    : kept == Kept.NOWHERE ? Kept.GONE : "stored for retry") + partial;
            case REJECTED -> report + " not delivered (" + status + "); " + (gone ? LOST : kept == Kept.MEMORY
                    ? "kept in memory as rejected (the dead-letter store cannot be written)"
                    : kept == Kept.DISK_AS_IT_WAS ? "still stored as pending (the dead-letter store cannot be written)"
                    : kept == Kept.NOWHERE ? Kept.GONE
                    : "stored as rejected" + (status.equals("HTTP 401") || status.equals("HTTP 403")
                            ? " (check ceip.endpoint.token and ceip.product.name; then requeue, or requeue --discard)"
                            : status.equals("HTTP 404") || status.equals("HTTP 405")
                            ? " (check the path of ceip.endpoint.url: a ceip collector takes POST /v1/reports; then"
                                    + " requeue)"
                            : "")) + partial;
            case CONSENT_OFF -> Optional.ofNullable(result.getProperty(ReportSteps.CONSENT, ConsentDecision.class))
                    .map(d -> d.undecided() ? "Nothing sent: consent cannot be decided (the product's consent setting"
                            + " could not be read); kept reports stay kept" : "Nothing sent: consent is off (from "
                            + d.source() + ")")
                    .orElse("Nothing sent: consent is off");
            case WITHDRAWN -> report + " not sent: "
                    + Optional.ofNullable(result.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))
                            .filter(ConsentWithdrawnException.class::isInstance).map(Exception::getMessage)
                            .orElse("consent is off") + (kept == Kept.DISK_AS_IT_WAS ? "; still stored (it cannot be"
                            + " removed now; deleted by a later replay)" : "; deleted unsent") + partial;
            case INVALID -> report + " not sent: invalid report, not valid against report-schema.json (the log names"
                    + " the problem)" + partial;
            case TOO_BIG -> report + " not sent: too big, "
                    + Optional.ofNullable(result.getMessage().getBody(byte[].class)).map(b -> b.length).orElse(0)
                    + " bytes gzip is over ceip.report.max-bytes" + partial;
            case OVER_LIMIT -> report + " not sent: over ceip.report.max-bytes, kept as it is" + partial; // a replay's
            case BUSY -> "Nothing sent: " + Optional.ofNullable(result.getProperty(Exchange.EXCEPTION_CAUGHT,
                    Exception.class)).map(Exception::getMessage).orElse("another report is being collected");
            case REPORTED_ELSEWHERE -> "Nothing sent: another node of the cluster reported this scheduled fire";
        };
        // a report to retry that is kept nowhere is not "stored for retry" (3): not sent for another reason, named
        return new SendAnswer(outcome, line, outcome.get() == Outcome.RETRY && (kept == Kept.NOWHERE || gone) ? 6
                : outcome.get().exitCode());
    }

    /** This answer, with what the replay {@code replay} (a finished {@code direct:ceip-replay-due}) did. */
    public SendAnswer withReplay(Exchange replay) {
        return new SendAnswer(outcome, line + replayed(replay), exitCode);
    }

    /**
     * This answer, with what the replay of the customer destination's copies did ({@code send} at consent off: deleted
     * unsent): {@code …; the customer's copies: 1 kept report deleted unsent (consent withdrawn)}.
     */
    public SendAnswer withCopiesReplay(Exchange replay) {
        String done = replayed(replay);
        return done.isEmpty() ? this : new SendAnswer(outcome, line + "; the customer's copies:" + done.substring(1),
                exitCode);
    }

    /**
     * This answer, with the customer destination's copies let go as {@code send} ends ({@code lost}, each named in
     * its own WARN line): {@code …; the customer's copy: lost: its dead-letter store cannot be written, …}. The exit
     * code stays the vendor's report's.
     */
    public SendAnswer withCopiesLost(int lost) {
        return lost == 0 ? this : new SendAnswer(outcome, line + "; the customer's cop" + (lost == 1 ? "y" : "ies ("
                + lost + ")") + ": " + LOST, exitCode);
    }

    /**
     * {@code "; N kept report(s) re-sent"} (with {@code ": D delivered, R rejected"} when some were rejected) and where
     * the replay stopped; empty when it did nothing.
     */
    static String replayed(Exchange exchange) {
        ReplaySteps.Tally tally = exchange.getProperty(ReplaySteps.TALLY, ReplaySteps.Tally.class);
        if (tally == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (tally.delivered() > 0 || tally.rejected() > 0) {
            out.append("; ").append(reports(tally.delivered() + tally.rejected())).append(" re-sent");
            if (tally.rejected() > 0) {
                out.append(": ").append(tally.delivered()).append(" delivered, ").append(tally.rejected())
                        .append(" rejected");
            }
        }
        if (tally.withdrawn() > 0) {
            out.append("; ").append(reports(tally.withdrawn())).append(" deleted unsent (consent withdrawn)");
        }
        if (tally.overLimit() > 0) {
            out.append("; ").append(reports(tally.overLimit())).append(" not sent: over ceip.report.max-bytes, kept");
        }
        if (tally.stoppedAt() != null) {
            out.append("; kept reports not re-sent (").append(tally.stoppedAt()).append(')');
        }
        if (tally.leftToOwner()) {
            out.append("; kept reports are left to the running agent");
        }
        return out.toString();
    }

    /**
     * {@code " (partial: 2 failures: database connection, query:hosts timeout; see the log)"}: the report's own
     * {@code failures} (source and reason, never a message), at most three named, in the one wording of
     * {@link PartialReport#said()}; empty for a whole report.
     */
    static String partial(Exchange exchange) {
        ReportDraft draft = exchange.getProperty(ReportSteps.DRAFT, ReportDraft.class);
        List<CollectionFailure> failed = draft == null ? List.of() : draft.failures();
        return PartialReport.of(failed.size(), failed.stream().limit(PartialReport.NAMED)
                .map(failure -> new PartialReport.Failure(failure.source(), failure.reason())).toList()).said();
    }

    private static String reports(int count) {
        return count + " kept report" + (count == 1 ? "" : "s");
    }
}
