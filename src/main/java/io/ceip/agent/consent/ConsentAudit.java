package io.ceip.agent.consent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * The consent audit log ({@code consent-audit.log} under the data directory): one line per change of the effective
 * level, from any source ({@code <time> <old> -> <new> source=<source>}), and one per report deleted unsent because
 * consent was withdrawn. It never holds report data.
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
            if (!Files.exists(file)) {
                return "none";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
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
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, clock.instant() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the consent audit log " + file, e);
        }
    }
}
