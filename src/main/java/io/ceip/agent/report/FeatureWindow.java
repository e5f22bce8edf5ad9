package io.ceip.agent.report;

import io.ceip.agent.store.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the next feature-usage window starts: the end of the last report's window, kept in
 * {@code features-window-end} under the data directory. The window advances when a report is stored for
 * delivery (it is then delivered or kept until it is), never by a preview. The first window covers
 * {@value #FIRST_WINDOW_HOURS} hours.
 */
public final class FeatureWindow {

    static final int FIRST_WINDOW_HOURS = 24;

    private final Path file;

    public FeatureWindow(Path file) {
        this.file = file;
    }

    /** The start of the window ending at {@code now}. */
    public Instant from(Instant now) {
        try {
            if (Files.exists(file)) {
                Instant end = Instant.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
                return end.isAfter(now) ? now : end;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            // a damaged file: start a fresh window rather than stop reporting
        }
        return now.minus(Duration.ofHours(FIRST_WINDOW_HOURS));
    }

    /** Records that the window up to {@code to} was reported. */
    public void advance(Instant to) {
        AtomicFiles.write(file, (to + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
