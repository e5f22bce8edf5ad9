package io.ceip.agent.privacy;

import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The consent level set at runtime by an administrator (over JMX), with the version of the data set it was given
 * for, kept in one small file ({@code consent} under the data directory) so that it survives restarts. The file
 * holds one line, {@code <level> <data-set-version> [<product-version>]} (for example {@code full 2 1.4.2}); an
 * absent file means "not set"; a third word that is not a version counts as none.
 * It is written {@code 0600} ({@link AtomicFiles}) and read only as a regular file of at most 4 KiB, never through a
 * link.
 */
public final class ConsentSettingFile {

    /** Its name in the data directory. */
    public static final String NAME = "consent";

    /**
     * What the administrator chose, for which version of the data set and of the product (empty when none was
     * recorded, or what was recorded is not a {@link ProductVersion}).
     */
    public record Setting(ConsentLevel level, int dataSetVersion, Optional<ProductVersion> productVersion) {

        public Setting(ConsentLevel level, int dataSetVersion) {
            this(level, dataSetVersion, Optional.empty());
        }
    }

    private static final long MAX_BYTES = 4096;

    private final Path file;

    public ConsentSettingFile(Path file) {
        this.file = file;
    }

    /**
     * The stored setting, if any. A file holding anything else (more than three words too: a line appended) is an
     * {@link IllegalStateException} naming the file and which word is wrong, never what the file holds (it may be a
     * secret pasted to the wrong place).
     */
    public Optional<Setting> read() {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String[] parts;
        try {
            parts = new String(OwnerOnlyFiles.read(file, MAX_BYTES), StandardCharsets.UTF_8).trim().split("\\s+");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the consent setting " + e.getMessage(), e);
        }
        if (parts.length > 3) { // a line appended (echo off 3 >> consent) would not be seen: nothing is decided
            throw new IllegalStateException(OwnerOnlyFiles.shown(file) + ": it holds more than <level>"
                    + " <data-set-version> [<product-version>]");
        }
        ConsentLevel level;
        try {
            level = ConsentLevel.parse(parts[0]);
        } catch (IllegalArgumentException e) { // never the text itself: a pasted secret would land in every log line
            throw new IllegalStateException(OwnerOnlyFiles.shown(file) + ": its first word is not off, basic or full");
        }
        int version;
        try {
            version = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(OwnerOnlyFiles.shown(file) + ": its second word is not a whole number");
        }
        return Optional.of(new Setting(level, version, parts.length > 2 ? ProductVersion.parse(parts[2])
                : Optional.empty()));
    }

    /** Removes the setting (a link itself, never its target): "not set". */
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the consent setting " + OwnerOnlyFiles.shown(file), e);
        }
    }

    /** The file's bytes as they are (empty when there is none), for {@link #restore}. */
    public Optional<byte[]> snapshot() {
        try {
            return Optional.of(OwnerOnlyFiles.read(file, MAX_BYTES));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the consent setting " + e.getMessage(), e);
        }
    }

    /** Puts back what {@link #snapshot()} saw: the same bytes, or no file. */
    public void restore(Optional<byte[]> snapshot) {
        snapshot.ifPresentOrElse(bytes -> AtomicFiles.write(file, bytes), this::clear);
    }

    /** Stores the level, given for data set {@code dataSetVersion}, atomically. */
    public void write(ConsentLevel level, int dataSetVersion) {
        write(level, dataSetVersion, Optional.empty());
    }

    /** Stores the level, given for data set {@code dataSetVersion} and product version {@code product}, atomically. */
    public void write(ConsentLevel level, int dataSetVersion, Optional<String> product) {
        AtomicFiles.write(file, (level.id() + " " + dataSetVersion + product.map(version -> " " + version).orElse("")
                + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
