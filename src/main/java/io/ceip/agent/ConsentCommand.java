package io.ceip.agent;

import io.ceip.agent.events.ConsentLevelFile;
import io.ceip.agent.events.EventsOwnership;
import io.ceip.agent.events.SpoolDirectory;
import io.ceip.agent.files.DataDirectoryChoice;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.ops.LocalConsent;
import io.ceip.agent.privacy.ConsentAudit;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ConsentPolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code consent off|basic|full}: the administrator's choice, as the JMX operation {@code setConsent} records it
 * (the same {@link io.ceip.agent.privacy.ConsentPolicy#set}: kept in {@code data/consent} across restarts, the change
 * of the effective level appended to {@code data/consent-audit.log}) and writes the level in effect to
 * {@code data/consent-level}, which the product reads. A running agent reads it before its next report
 * and before every request, and follows it for the product events within a second (its route
 * {@code ceip-consent-watch}: a lowering drops what was counted at full, the product is told the level in force). Prints one line: the level set and the level in effect for the installation (a kill
 * switch {@code DO_NOT_TRACK} / {@code CEIP_DISABLED} in the administrator's shell applies to the commands run from
 * it, not to the installation: it is named, neither applied nor audited), and at {@code off} when the kept reports go
 * (this process leaves the store to the running agent, which may be sending one right now). {@code consent reset}
 * removes the setting ({@link ConsentPolicy#reset()}). At {@code full} it makes the events spool ({@code 0700}) if
 * it is missing, so that the product can write its first events before the agent's next start; at {@code off} or
 * {@code basic} it deletes the spool's {@code *.jsonl} files unread (they were written before the withdrawal), and so
 * at a {@code full} that gives consent anew while no agent owns the events, before it tells the product.
 */
@Command(name = "consent", mixinStandardHelpOptions = true, description = "Set the consent level (off, basic or full)"
        + " as the JMX operation setConsent does: kept across restarts, audited in data/consent-audit.log; reset"
        + " removes it.")
final class ConsentCommand implements Callable<Integer> {

    /** Removes the administrator's setting: the product's own setting, or ceip.consent.default, decides again. */
    static final String RESET = "reset";

    @Parameters(paramLabel = "LEVEL", description = "off, basic or full; or reset: remove the setting made here (the"
            + " product's own setting, or ceip.consent.default, decides again)")
    String level;

    @Override
    public Integer call() {
        OneShot.quietLogs();
        ConsentLevel chosen = null;
        try {
            chosen = level.equals(RESET) ? null : ConsentLevel.parse(level);
        } catch (IllegalArgumentException e) {
            System.err.println("ceip-agent: consent: " + (level.matches("[A-Za-z0-9_-]{1,20}") ? "'" + level
                    + "'" : "the level given") + " is not off, basic, full or reset; nothing changed");
            return 2;
        }
        AgentSettings.Checked checked = AgentSettings.load(Map.of());
        // another user's agent keeps its state there: what this command wrote would be this user's, not read by it
        DataDirectoryChoice.requireWriter(checked.settings().path("ceip.data.directory"), "ceip.data.directory");
        ConsentPolicy policy = LocalConsent.forConsentCommand(checked.settings(), chosen); // not the shell's
        boolean shellOff;
        try { // a kill switch decides before the setting is read: a damaged setting (replaced here) means none
            shellOff = LocalConsent.policy(checked.settings()).peek().source().startsWith(ConsentAudit.ENVIRONMENT);
        } catch (RuntimeException damaged) {
            shellOff = false;
        }
        String by = "cli:" + System.getProperty("user.name"); // the audit names who ran the command
        Optional<Instant> since = eventsSince(policy);
        ConsentDecision effective = chosen == null ? policy.reset(by) : policy.set(chosen, by);
        Path data = checked.settings().path("ceip.data.directory");
        // spool files written before a withdrawal of the events (full only), or before this command gave full anew
        // and tells the product (no agent owns the events): deleted unread before the product is told, as an agent
        // started later would judge them by their times only
        boolean anew = effective.level() == ConsentLevel.FULL && !Objects.equals(eventsSince(policy), since)
                && !EventsOwnership.heldElsewhere(data);
        int deleted = !effective.undecided() && (effective.level() != ConsentLevel.FULL || anew)
                && checked.settings().bool("ceip.events.enabled")
                ? SpoolDirectory.deleteJsonl(checked.settings().path("ceip.events.directory")) : 0;
        if (checked.settings().bool("ceip.events.enabled") || checked.settings().bool("ceip.events.http.enabled")) {
            // the level the product reads before it records events, current at once (not at the agent's next run)
            ConsentLevelFile levelFile = new ConsentLevelFile(data.resolve(ConsentLevelFile.NAME));
            if (effective.undecided()) { // the product's own setting decides: at most basic until the agent does
                if (chosen != ConsentLevel.FULL) {
                    levelFile.atMost(ConsentLevel.BASIC);
                }
            } else if (EventsOwnership.heldElsewhere(data)) {
                levelFile.atMost(effective.level()); // a lowering at once; raising it is the running agent's
            } else {
                levelFile.observe(effective.level());
            }
        }
        if (effective.level() == ConsentLevel.FULL && checked.settings().bool("ceip.events.enabled")) {
            Path spool = checked.settings().path("ceip.events.directory");
            try { // the product may write events from now on: the spool is there for it (0700, as the agent makes it)
                OwnerOnlyFiles.createDirectories(spool);
            } catch (IOException e) {
                System.err.println("ceip-agent: the events spool " + OwnerOnlyFiles.shown(spool) + " cannot be made ("
                        + e.getClass().getSimpleName() + "); the running agent makes it when it can");
            }
        }
        System.out.println((chosen == null ? "Consent setting removed" : "Consent set to " + chosen.id())
                + "; effective: " + (effective.undecided() ? "decided by the agent with the product's own setting"
                        + " (ceip.consent.query), which this command does not read" : effective
                        + (chosen == ConsentLevel.BASIC && checked.settings().optional("ceip.consent.query").isPresent()
                                ? ", or off if the product's own setting says so" : ""))
                + (shellOff ? "; this shell's DO_NOT_TRACK/CEIP_DISABLED switches off only the commands run from it"
                        : "")
                + (effective.level() == ConsentLevel.OFF && !effective.undecided() ? "; reports kept for delivery are deleted unsent by the"
                        + " running agent's next replay, or with no agent running by the next send (JMX"
                        + " setConsent(\"off\") deletes them at once)" : "")
                + (deleted > 0 ? "; " + deleted + " spool file(s) of product events deleted unread" : ""));
        return 0;
    }

    /** The audit's events boundary ({@code eventsSince}), or null when the log cannot be read. */
    private static Optional<Instant> eventsSince(ConsentPolicy policy) {
        try {
            return policy.audit().eventsSince();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
