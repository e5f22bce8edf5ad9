package io.ceip.agent.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * The consent audit log ({@code consent-audit.log} under the data directory): one line per change of the effective
 * level, from any source ({@code <time> <old> -> <new> source=<source>}), and one per report deleted unsent because
 * consent was withdrawn. It never holds report data. It is created {@code 0600} (its directory {@code 0700}) and
 * neither read nor written through a link. A one-shot command's process does not record what its own environment
 * decides ({@code DO_NOT_TRACK=1 ceip-agent send}): that applies to the command alone, while the running agent, which
 * writes the same log, goes on at the installation's level.
 */
public final class ConsentAudit {

    /** The source of a decision the process's environment made ({@code environment:DO_NOT_TRACK}). */
    public static final String ENVIRONMENT = "environment:";

    private final Path file;
    private final Clock clock;
    private final boolean environment;
    private String lastLevel;

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
     * Appends a line when {@code decision} differs from the last recorded level (across restarts); a decision of the
     * environment ({@code environment:…}) only when this audit records them; never an undecided one (the product's
     * setting could not be read: no one changed consent).
     */
    public synchronized void observe(ConsentDecision decision) {
        if (decision.undecided() || !environment && decision.source().startsWith(ENVIRONMENT)) {
            return;
        }
        if (lastLevel == null) {
            lastLevel = lastRecordedLevel();
        }
        String level = decision.level().id();
        if (!level.equals(lastLevel)) {
            append(lastLevel + " -> " + level + " source=" + decision.source());
            lastLevel = level;
        }
    }

    /** Records that a stored report was deleted unsent, and why. */
    public synchronized void reportDeleted(String reportId, ConsentDecision decision) {
        append("report " + reportId + " deleted unsent: consent " + decision.level().id() + " source="
                + decision.source());
    }

    public Path file() {
        return file;
    }

    private String lastRecordedLevel() {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return "none";
            }
            List<String> lines;
            try (var in = Channels.newInputStream(OwnerOnlyFiles.open(file, StandardOpenOption.READ))) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
            for (int i = lines.size() - 1; i >= 0; i--) {
                String[] parts = lines.get(i).split(" ");
                if (parts.length >= 4 && parts[2].equals("->")) {
                    return parts[3];
                }
            }
            return "none";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the consent audit log " + file, e);
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
