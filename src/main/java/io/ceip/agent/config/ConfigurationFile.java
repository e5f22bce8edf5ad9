package io.ceip.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration file's form, checked before Camel's properties component is given its location: Camel reads the
 * whole file as it is set, before {@link ConfigurationCheck} sees a line of it, so a fifo there waited forever for a
 * writer and a file of 100 MB ended the start in an {@link OutOfMemoryError} within the launcher's heap. A regular file
 * (a link to one is followed) of at most {@value #MAX_BYTES} bytes is read; anything else stops the start in one line.
 */
public final class ConfigurationFile {

    /** The largest configuration file read (the shipped one is some 15 KiB). */
    public static final long MAX_BYTES = 1 << 20;

    private ConfigurationFile() {
    }

    /**
     * Refuses {@code file} unless it is a regular file of at most {@value #MAX_BYTES} bytes.
     *
     * @param origin where its name came from, as the message says it ({@code " (from ceip.config or CEIP_CONFIG)"}),
     *        or empty
     * @throws IllegalArgumentException one line naming the file and what is wrong
     */
    public static void require(Path file, String origin) {
        String named = "configuration file " + file + origin;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(named + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(named + " is not a regular file (a directory, a fifo or a device)");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(named + " is larger than " + MAX_BYTES + " bytes; not a"
                        + " configuration file");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(named + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
