package io.ceip.agent.privacy;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent audit log ({@code consent-audit.log} under the data directory): one line per change of the effective
 * level, from any source ({@code <time> <old> -> <new> source=<source>}), and one per report deleted unsent because
 * consent was withdrawn. It never holds report data. It is created {@code 0600} (its directory {@code 0700}) and
 * neither read nor written through a link. A one-shot command's process does not record what its own environment
 * decides ({@code DO_NOT_TRACK=1 ceip-agent send}): that applies to the command alone, while the running agent, which
 * writes the same log, goes on at the installation's level.
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
    /** Longer lines are not the agent's: read past, never held whole. */
    private static final int MAX_LINE = 1024;
    private static final Pattern CHANGE =
            Pattern.compile("(\\S+) (none|off|basic|full) -> (off|basic|full) source=\\S+");
    private static final Pattern CARRIED = Pattern.compile("\\S+ withdrawal (\\S+) carried over.*");
    private static final Logger LOG = LoggerFactory.getLogger(ConsentAudit.class);

    private final Path file;
    private final Clock clock;
    private final boolean environment;
    /** How far the log was read, and what it said up to there (guarded by this). */
    private long readUpTo;
    private Object readKey;
    private String lastLevel = "none";
    /** Whether the log ends in a line without its end; whether the line read now is longer than any of the agent's. */
    private boolean tail;
    private boolean overlong;
    /** The latest withdrawal this log holds; the latest ever seen (never lowered, whatever happens to the log). */
    private Instant recorded;
    private Instant lastWithdrawal;

    /** The running agent's audit: every change of the effective level is recorded. */
    public ConsentAudit(Path file, Clock clock) {
        this(file, clock, true);
    }

    /** @param environment whether a decision of this process's environment is recorded (not for one-shot commands) */
    public ConsentAudit(Path file, Clock clock, boolean environment) {
        this.file = file;
        this.clock = clock;
        this.environment = environment;
    }

    /**
     * Appends a line when {@code decision} differs from the last level the log records (by any process); a decision
     * of the environment ({@code environment:…}) only when this audit records them; never an undecided one (the
     * product's setting could not be read: no one changed consent).
     */
    public synchronized void observe(ConsentDecision decision) {
        if (decision.undecided() || !environment && decision.source().startsWith(ENVIRONMENT)) {
            return;
        }
        catchUp();
        String level = decision.level().id();
        if (!level.equals(lastLevel)) {
            append(lastLevel + " -> " + level + " source=" + decision.source());
            catchUp();
        }
    }

    /**
     * When consent was last withdrawn (changed to {@code off}, by any source, recorded by any process), or empty; the
     * latest such time when the clock went back, never later than when it was first read. What was collected before it
     * may not leave.
     */
    public synchronized Optional<Instant> lastWithdrawal() {
        catchUp();
        return Optional.ofNullable(lastWithdrawal);
    }

    /** Records that a stored report was deleted unsent, and why ({@code consent off source=runtime-setting}). */
    public synchronized void reportDeleted(String reportId, String why) {
        catchUp();
        append("report " + reportId + " deleted unsent: " + why);
    }

    public Path file() {
        return file;
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
            if (attributes.size() < readUpTo || key != null && !key.equals(readKey)) {
                restart();
            }
            readKey = key;
            if (attributes.size() > readUpTo) {
                try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.READ)) {
                    readLines(new BufferedInputStream(Channels.newInputStream(channel.position(readUpTo))));
                }
            }
            tail = overlong || attributes.size() > readUpTo;
        } catch (NoSuchFileException absent) {
            restart();
            tail = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the consent audit log " + OwnerOnlyFiles.shown(file), e);
        }
        if (lastWithdrawal != null && (recorded == null || recorded.isBefore(lastWithdrawal))) {
            append("withdrawal " + lastWithdrawal + " carried over (the log was rotated, truncated or removed)");
            catchUp();
        }
    }

    /** Reading starts again at the start of a new log; the withdrawals seen so far stay known. */
    private void restart() {
        readUpTo = 0;
        overlong = false;
        lastLevel = "none";
        recorded = null;
    }

    /**
     * Reads whole lines from {@link #readUpTo} on; a last line without its end is read again next time, unless it is
     * longer than any line the agent writes: then it is read past, never again.
     */
    private void readLines(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long position = readUpTo;
        for (int b = in.read(); b != -1; b = in.read()) {
            position++;
            if (b == '\n') {
                if (!overlong) {
                    take(line.toString(StandardCharsets.UTF_8));
                }
                overlong = false;
                line.reset();
                readUpTo = position;
            } else if (overlong || line.size() >= MAX_LINE) {
                overlong = true;
                line.reset();
                readUpTo = position;
            } else {
                line.write(b);
            }
        }
    }

    /**
     * One line, only as the agent writes them: a change {@code <time> <old> -> <new> source=…} sets the last level,
     * and the withdrawal time; {@code <time> withdrawal <time> carried over…} a withdrawal. Anything else (a line
     * torn by a crash, garbage) is read past. A withdrawal stamped later than now (a clock that was ahead, or a
     * forged line) counts from now: it cannot delete what is collected after it was seen.
     */
    private void take(String line) {
        Matcher change = CHANGE.matcher(line);
        Matcher carried = CARRIED.matcher(line);
        if (change.matches()) {
            lastLevel = change.group(3);
            if (lastLevel.equals(ConsentLevel.OFF.id())) {
                withdrawn(change.group(1));
            }
        } else if (carried.matches()) {
            withdrawn(carried.group(1));
        }
    }

    private void withdrawn(String time) {
        Instant at;
        try {
            at = Instant.parse(time);
        } catch (DateTimeParseException garbled) {
            return; // its level counts, it names no time
        }
        Instant now = clock.instant();
        if (at.isAfter(now)) {
            LOG.warn("{}: a withdrawal is stamped {}, later than now; it counts from now ({})",
                    OwnerOnlyFiles.shown(file), at, now);
            at = now;
        }
        recorded = recorded == null || at.isAfter(recorded) ? at : recorded;
        lastWithdrawal = lastWithdrawal == null || at.isAfter(lastWithdrawal) ? at : lastWithdrawal;
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
