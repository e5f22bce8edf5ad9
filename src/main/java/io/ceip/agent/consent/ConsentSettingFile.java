package io.ceip.agent.consent;

import io.ceip.agent.store.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The consent level set at runtime by an administrator, kept in one small file ({@code consent} under the data
 * directory) so that it survives restarts. An absent file means "not set".
 */
public final class ConsentSettingFile {

    private final Path file;

    public ConsentSettingFile(Path file) {
        this.file = file;
    }

    /** The stored level, if any. A file holding anything but a level is an error naming the file. */
    public Optional<ConsentLevel> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConsentLevel.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the consent setting " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    /** Stores the level atomically. */
    public void write(ConsentLevel level) {
        AtomicFiles.write(file, (level.id() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
