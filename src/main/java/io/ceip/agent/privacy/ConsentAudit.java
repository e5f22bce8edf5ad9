package io.ceip.agent.privacy;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent audit log ({@code consent-audit.log} under the data directory): one line per change of the effective
 * level, from any source ({@code <time> <old> -> <new> source=<source>}, with {@code ;by=cli:<user>} or {@code
 * ;by=jmx:<user>} for an administrator's change), one per report deleted unsent because consent was withdrawn; never
 * report data. It is {@code 0600} (its directory {@code 0700}), never read or written through a link. A one-shot
 * command beside the running agent does not record what its own environment decides ({@code DO_NOT_TRACK=1 ceip-agent
 * send}): that applies to the command alone, while the running agent, which writes the same log, goes on at the
 * installation's level. With no agent running (the daily timer's {@code send}) the command acts for the
 * installation, and records it ({@code environment} true).
 * <p>
 * The log is also the record of <b>withdrawals</b> ({@link #lastWithdrawal()}: the latest change to {@code off}),
 * whichever process wrote it: what was collected or counted before a withdrawal is never sent, even when consent was
 * given again before the running agent noticed (the {@code consent} command while the agent was stopped). Each process
 * reads only what was appended since it last looked (one {@code stat} when nothing was), so a change another process
 * recorded is not recorded twice either.
 */
public final class ConsentAudit {

    /** The source of a decision the process's environment made ({@code environment:DO_NOT_TRACK}). */
    public static final String ENVIRONMENT = "environment:";
    /** The levels a change to full gives consent from (not none: a log's start, or its start after rotation). */
    private static final java.util.Set<String> GIVEN_FROM = java.util.Set.of("off", "basic");
    private static final Logger LOG = LoggerFactory.getLogger(ConsentAudit.class);

    private final Path file;
    private final Clock clock;
    private final boolean environment;
    private final AuditLineReader lines = new AuditLineReader(); // how far the log was read (guarded by this)
    private Object readKey;
    private String lastLevel = "none";
    private boolean tail; // whether the log ends in a line without its end
    /** The withdrawals and full consents read, in the log's order (never lowered, whatever the log does). */
    private final AuditOrder order = new AuditOrder();
    private String carriedLevel; // the level a rotated log ended at, for this process's first change in the new log
    private Instant future; // a withdrawal stamped later than now, until a later line (or now) bounds it
    private final boolean writes;

    /** The running agent's audit: every change of the effective level is recorded. */
    public ConsentAudit(Path file, Clock clock) {
        this(file, clock, true);
    }

    /** @param environment whether this process's environment's decisions are recorded (not beside the agent) */
    public ConsentAudit(Path file, Clock clock, boolean environment) {
        this(file, clock, environment, true);
    }

    /** @param writes false for a process that must change no file ({@code preview}, {@code export}): it only reads */
    public ConsentAudit(Path file, Clock clock, boolean environment, boolean writes) {
        this.file = file;
        this.clock = clock;
        this.environment = environment;
        this.writes = writes;
    }

    /**
     * Appends a line when {@code decision} differs from the last level the log records (by any process); a decision
     * of the environment ({@code environment:…}) only when this audit records them; never an undecided one (the
     * product's setting could not be read: no one changed consent).
     */
    public void observe(ConsentDecision decision) {
        observe(decision, null);
    }

    /** As {@link #observe(ConsentDecision)}; a line written names who changed consent ({@code by}; null: unknown). */
    public synchronized void observe(ConsentDecision decision, String by) {
        if (decision.undecided() || !environment && decision.source().startsWith(ENVIRONMENT)) {
            return;
        }
        catchUp();
        String level = decision.level().id();
        if (!level.equals(lastLevel)) { // a new log's first change names the level the rotated one ended at
            String from = lastLevel.equals("none") && carriedLevel != null && !carriedLevel.equals(level) ? carriedLevel
                    : lastLevel;
            append(from + " -> " + level + " source=" + decision.source() + AuditLine.by(by));
            catchUp();
        }
    }

    /**
     * When consent was last withdrawn (changed to {@code off}, by any source, recorded by any process), or empty; the
     * latest such time when the clock went back, never later than when it was first read; each withdrawal later in the
     * log than the one before it ({@link AuditOrder}). What was collected before it may not leave.
     */
    public synchronized Optional<Instant> lastWithdrawal() {
        catchUp();
        return Optional.ofNullable(order.lastWithdrawal());
    }

    /**
     * Since when the product's events may count: the later of the last withdrawal and the last time consent became
     * {@code full} again after {@code off} or {@code basic} (empty when the log records neither). Events leave at
     * {@code full} only: what the product recorded, or the agent counted, before the current full consent began was
     * not recorded under it and never leaves (written while consent was off or basic and the agent did not look). Each
     * withdrawal or full consent given again read makes it later, in the log's order ({@link AuditOrder}).
     */
    public synchronized Optional<Instant> eventsSince() {
        catchUp();
        return Optional.ofNullable(order.eventsSince());
    }

    /** The level the log records last, by any process ({@code none} before its first change). */
    public synchronized String lastLevel() {
        catchUp();
        return lastLevel;
    }

    /** Records that a stored report was deleted unsent, and why ({@code consent off source=runtime-setting}). */
    public synchronized void reportDeleted(String reportId, String why) {
        catchUp();
        append("report " + reportId + " deleted unsent: " + why);
    }

    /**
     * Reads what was appended since the last look; a log that shrank or was replaced (rotated) is read again from its
     * start, and a withdrawal it no longer holds is recorded in it again ({@code withdrawal <time> carried over}): a
     * withdrawal is never forgotten while the agent runs.
     */
    private void catchUp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Object key = attributes.fileKey();
            if (attributes.size() < lines.readUpTo() || key != null && !key.equals(readKey)) {
                restart();
            }
            readKey = key;
            if (attributes.size() > lines.readUpTo()) {
                try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.READ)) {
                    lines.read(new BufferedInputStream(Channels.newInputStream(channel.position(lines.readUpTo()))),
                            this::take);
                }
            }
            tail = lines.overlong() || attributes.size() > lines.readUpTo();
        } catch (NoSuchFileException absent) {
            restart();
            tail = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the consent audit log " + OwnerOnlyFiles.shown(file), e);
        }
        Instant now = clock.instant();
        if (future != null) { // the last withdrawal is stamped later than now: it happened now at the latest
            LOG.warn("{}: a withdrawal is stamped {}, later than now; it counts from now ({})",
                    OwnerOnlyFiles.shown(file), future, now);
            future = null;
            order.withdrawn(now, now, true);
            carry(now, "a withdrawal stamped later than now");
        } else if (order.notHeld()) {
            carry(order.lastWithdrawal(), "the log was rotated, truncated or removed");
        }
    }

    /** Writes a withdrawal into the log again (read back once: it is then the log's own), unless this only reads. */
    private void carry(Instant withdrawal, String why) {
        if (writes) {
            append("withdrawal " + withdrawal + " carried over (" + why + ")");
            order.carried(withdrawal); // as written: the line read back says no more
        }
    }

    /**
     * Reading starts again at the start of a new log; the withdrawals seen so far stay known, and so does the level
     * the old log ended at, which this process's first change in the new log names ({@code basic -> full}, not
     * {@code none -> full}: any process reading it, restarted or not, sees a full given from basic).
     */
    private void restart() {
        carriedLevel = lastLevel.equals("none") ? carriedLevel : lastLevel;
        lines.restart();
        lastLevel = "none";
        order.restart();
        future = null;
    }

    /**
     * One line ({@link AuditLine}). A withdrawal happened no later than its line was written, and no later than the
     * next line of the log was (a clock that was ahead, or a forged line): one stamped later than now counts from the
     * next line's time, or from now when it is the last ({@link #catchUp} writes that down).
     */
    private void take(String text) {
        Optional<AuditLine> parsed = AuditLine.parse(text);
        if (parsed.isEmpty()) {
            return;
        }
        AuditLine line = parsed.get();
        Instant now = clock.instant();
        if (line.stamp() != null && future != null && !line.stamp().isAfter(now)) {
            order.withdrawn(line.stamp(), future, true);
            future = null;
        }
        if (line.level() != null) {
            if (line.level().equals(ConsentLevel.FULL.id()) && GIVEN_FROM.contains(line.from())
                    && line.stamp() != null) {
                order.given(line.stamp().isAfter(now) ? now : line.stamp());
            }
            lastLevel = line.level();
        }
        Instant effective = line.effective();
        if (effective != null && effective.isAfter(now)) {
            future = future == null || line.withdrawal().isAfter(future) ? line.withdrawal() : future;
        } else if (effective != null) {
            order.withdrawn(effective, line.withdrawal(), line.level() != null);
        }
    }

    /** Appends one line, after a line break when the log ends in a torn line (a crash mid-write, a full disk). */
    private void append(String line) {
        try {
            OwnerOnlyFiles.createDirectories(file.toAbsolutePath().getParent());
            OwnerOnlyFiles.append(file, ((tail ? "\n" : "") + clock.instant() + " " + line + "\n")
                    .getBytes(StandardCharsets.UTF_8), true);
            tail = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the consent audit log " + OwnerOnlyFiles.shown(file), e);
        }
    }
}
