package io.ceip.agent.ops;

import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.quartz.CronExpression;

/**
 * The block the agent logs at start until its first report is made (no installation ID yet): the consent in effect
 * and where it came from, what a report carries at that level, when the first one goes, and how to preview it and
 * how to turn it off. Later starts have the one summary line only.
 */
public final class FirstStartNotice {

    /**
     * What this installation's reports can carry, as configured: the usage queries per level, whether the inventory
     * catalog declares components and a licence, whether product events are read. The notice names only these.
     *
     * @param basicQueries the usage queries of level {@code basic} (their counts go at basic)
     * @param fullQueries the usage queries of level {@code full} (the feature statistics)
     */
    public record Contents(int basicQueries, int fullQueries, boolean components, boolean licence, boolean events) {
    }

    private FirstStartNotice() {
    }

    /**
     * The block, one line per subject.
     *
     * @param firstReport how long after start the first report goes, or empty when there is no start-up report
     *        (schedule off, or cluster mode)
     * @param cron the effective cron, or empty when the schedule is off
     */
    public static String text(ConsentDecision consent, Contents contents, Optional<Duration> firstReport,
            Optional<String> cron, Instant now) {
        StringBuilder out = new StringBuilder("First start: no report made yet");
        out.append("\n  consent:      ").append(consent.level().id()).append(" (from ").append(consent.source())
                .append("; precedence: DO_NOT_TRACK/CEIP_DISABLED > 'consent' command or JMX setConsent >"
                        + " ceip.consent.query > ceip.consent.default)");
        if (consent.level() == ConsentLevel.OFF) {
            out.append("\n  sent:         nothing: while consent is off nothing is collected and no connection is made");
        } else {
            String full = full(contents);
            out.append("\n  sent:         ").append(basic(contents)).append(full.isEmpty() ? "; consent full adds"
                    + " nothing here (no 'full' usage query, no product events, no licence declared)"
                    : consent.level() == ConsentLevel.FULL ? "; and " + full : "; not " + full + " (consent full)");
        }
        out.append("\n  first report: ").append(firstReport(consent, firstReport, cron, now));
        out.append("\n  preview:      ceip-agent preview (prints the report that would be sent now; sends and"
                + " writes nothing)");
        out.append("\n  turn off:     ceip-agent consent off (kept across restarts), or DO_NOT_TRACK=1 in the"
                + " agent's environment, or ceip.consent.default=off while no consent command was given");
        return out.toString();
    }

    /** The report schema's {@code x-consent-level: basic} members this installation fills. */
    static String basic(Contents contents) {
        return "product name, version and edition; OS, Java, time zone, processors, maximum heap and agent version;"
                + " database vendor and version; " + (contents.basicQueries() == 0 ? "no usage counts (no 'basic'"
                + " usage query)" : "the counts of the " + queries(contents.basicQueries(), "basic"))
                + (contents.components() ? "; installed components and their versions" : "")
                + "; a random installation ID and report ID; what failed to be collected";
    }

    /** What {@code full} adds here: only the members this installation fills; empty when none. */
    static String full(Contents contents) {
        List<String> parts = new ArrayList<>();
        if (contents.fullQueries() > 0) {
            parts.add("the feature statistics (counts of the " + queries(contents.fullQueries(), "full")
                    + " since the previous report)");
        }
        if (contents.events()) {
            parts.add("the product's events (features used, error fingerprints, operation durations)");
        }
        if (contents.licence()) {
            parts.add("the licence facts (type, end month, feature flags, engines as pseudonyms)");
        }
        return String.join(" and ", parts);
    }

    private static String queries(int count, String level) {
        return count + " '" + level + "' usage " + (count == 1 ? "query" : "queries");
    }

    private static String firstReport(ConsentDecision consent, Optional<Duration> firstReport, Optional<String> cron,
            Instant now) {
        if (consent.level() == ConsentLevel.OFF) {
            return "none while consent is off";
        }
        String scheduled = cron.map(expression -> "then on the schedule '" + expression + "'" + next(expression, now))
                .orElse("no schedule (ceip.schedule.enabled=false): only on demand");
        return firstReport.map(delay -> "about " + delay.toSeconds() + " s after this start (" + now.plus(delay)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "), " + scheduled).orElse(scheduled);
    }

    private static String next(String cron, Instant now) {
        try {
            Date next = new CronExpression(cron).getNextValidTimeAfter(Date.from(now));
            return next == null ? "" : " (next " + next.toInstant() + ")";
        } catch (ParseException e) {
            return "";
        }
    }
}
