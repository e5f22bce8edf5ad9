package io.ceip.agent.privacy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the consent audit log, only as the agent writes them (a {@code \r\n} line end and trailing blanks
 * allowed): a change {@code <time> <old> -> <new> source=…[;by=…]} (its level; a withdrawal at its time when the new
 * level is {@code off}), {@code <time> withdrawal <time> carried over …} (a withdrawal), {@code <time> report …
 * deleted unsent: …} (only its time). Anything else, a line torn by a crash or garbage, is none.
 *
 * @param stamp      when the line was written, or null when that is not a time
 * @param level      the level a change set, or null for the other lines
 * @param withdrawal when consent was withdrawn, as written, or null
 * @param from       the level a change names as the one before it ({@code none} at a log's start), or null
 */
record AuditLine(Instant stamp, String level, Instant withdrawal, String from) {

    private static final Pattern CHANGE =
            Pattern.compile("(\\S+) (none|off|basic|full) -> (off|basic|full) source=\\S+");
    private static final Pattern CARRIED = Pattern.compile("(\\S+) withdrawal (\\S+) carried over.*");
    private static final Pattern DELETED = Pattern.compile("(\\S+) report \\S+ deleted unsent: .*");

    /** Who may be named: at most this many characters, each one of these (anything else becomes {@code _}). */
    private static final int BY_CHARS = 64;
    private static final Pattern NOT_IN_A_NAME = Pattern.compile("[^A-Za-z0-9._@:-]");

    /**
     * The end of a change's line naming who made it, {@code ;by=<who>}, or nothing when {@code who} is null or blank:
     * one token (no blank, no line break, at most 64 characters), so the line stays one a reader of an earlier version
     * also takes ({@code source=\S+}).
     */
    static String by(String who) {
        if (who == null || who.isBlank()) {
            return "";
        }
        String name = NOT_IN_A_NAME.matcher(who.strip()).replaceAll("_");
        return ";by=" + name.substring(0, Math.min(name.length(), BY_CHARS));
    }

    /** The line {@code text} (without its line feed), or empty when it is not one the agent writes. */
    static Optional<AuditLine> parse(String text) {
        String line = text.stripTrailing();
        Matcher change = CHANGE.matcher(line);
        if (change.matches()) {
            Instant stamp = instant(change.group(1));
            String level = change.group(3);
            return Optional.of(new AuditLine(stamp, level, level.equals(ConsentLevel.OFF.id()) ? stamp : null,
                    change.group(2)));
        }
        Matcher carried = CARRIED.matcher(line);
        if (carried.matches()) {
            return Optional.of(new AuditLine(instant(carried.group(1)), null, instant(carried.group(2)), null));
        }
        Matcher deleted = DELETED.matcher(line);
        return deleted.matches() ? Optional.of(new AuditLine(instant(deleted.group(1)), null, null, null))
                : Optional.empty();
    }

    /**
     * When the withdrawal counts from: no later than the line was written (one carried from a later time than its own
     * line is not believed past it); null when the line names none, or no time.
     */
    Instant effective() {
        return withdrawal == null || stamp == null ? null : withdrawal.isAfter(stamp) ? stamp : withdrawal;
    }

    private static Instant instant(String time) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException garbled) {
            return null; // a change's level counts, it names no time
        }
    }
}
