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
 * neither read nor written through a link.
 */
public final class ConsentAudit {

    private final Path file;
    private final Clock clock;
    private String lastLevel;

    public ConsentAudit(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Appends a line when {@code decision} differs from the last recorded level (across restarts). */
    public synchronized void observe(ConsentDecision decision) {
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
