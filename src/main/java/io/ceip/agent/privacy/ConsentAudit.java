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

    private final Path file;
    private final Clock clock;
    private final boolean environment;
    /** How far the log was read, and what it said up to there (guarded by this). */
    private long readUpTo;
    private Object readKey;
    private String lastLevel = "none";
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
     * latest such time when the clock went back. What was collected before it may not leave.
     */
    public synchronized Optional<Instant> lastWithdrawal() {
        catchUp();
        return Optional.ofNullable(lastWithdrawal);
    }

    /** Records that a stored report was deleted unsent, and why ({@code consent off source=runtime-setting}). */
    public synchronized void reportDeleted(String reportId, String why) {
        append("report " + reportId + " deleted unsent: " + why);
    }

    public Path file() {
        return file;
    }

    /** Reads what was appended since the last look; a log that shrank or was replaced is read again from its start. */
    private void catchUp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Object key = attributes.fileKey();
            if (attributes.size() < readUpTo || key != null && !key.equals(readKey)) {
                readUpTo = 0;
                lastLevel = "none";
                lastWithdrawal = null;
            }
            readKey = key;
            if (attributes.size() > readUpTo) {
                try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.READ)) {
                    readLines(new BufferedInputStream(Channels.newInputStream(channel.position(readUpTo))));
                }
            }
        } catch (NoSuchFileException absent) {
            readUpTo = 0;
            lastLevel = "none";
            lastWithdrawal = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the consent audit log " + OwnerOnlyFiles.shown(file), e);
        }
    }

    /** Reads whole lines from {@link #readUpTo} on; a last line without its end is read again next time. */
    private void readLines(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long position = readUpTo;
        for (int b = in.read(); b != -1; b = in.read()) {
            position++;
            if (b == '\n') {
                take(line.toString(StandardCharsets.UTF_8));
                line.reset();
                readUpTo = position;
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
    }

    /** One line: a change {@code <time> <old> -> <new> source=…} sets the last level, and the withdrawal time. */
    private void take(String line) {
        String[] parts = line.split(" ");
        if (parts.length < 4 || !parts[2].equals("->")) {
            return;
        }
        lastLevel = parts[3];
        if (parts[3].equals(ConsentLevel.OFF.id())) {
            try {
                Instant at = Instant.parse(parts[0]);
                lastWithdrawal = lastWithdrawal == null || at.isAfter(lastWithdrawal) ? at : lastWithdrawal;
            } catch (DateTimeParseException garbled) {
                // not a line the agent wrote: its level counts, it names no time
            }
        }
    }

    private void append(String line) {
        try {
            OwnerOnlyFiles.createDirectories(file.toAbsolutePath().getParent());
            OwnerOnlyFiles.append(file, (clock.instant() + " " + line + "\n").getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the consent audit log " + file, e);
        }
    }
}
