package io.ceip.agent.events;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool directory itself ({@code ceip.events.directory}), as the agent looks at it without listing it whole: it
 * is refused at start when it is a symbolic link ({@link #requireNotALink}: the route would read through the link
 * at full consent while nothing below full may empty it), counted with a bound before each poll ({@link #holdsMore}:
 * Camel's file consumer lists every entry into memory), made when it is missing, and emptied of its {@code *.jsonl}
 * entries, one at a time ({@link #deleteJsonl}).
 */
public final class SpoolDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectory.class);

    private SpoolDirectory() {
    }

    /**
     * Nothing, unless {@code directory} is a symbolic link: then an {@link IllegalArgumentException} whose one line
     * names {@code key}. Its parents may be links (a data directory on another disk); the spool itself may not.
     */
    public static void requireNotALink(Path directory, String key) {
        if (Files.isSymbolicLink(directory)) {
            throw new IllegalArgumentException(key + " " + OwnerOnlyFiles.shown(directory) + " is a symbolic link:"
                    + " the agent reads and empties the spool itself and follows no link there (point " + key
                    + " at the directory it links to)");
        }
    }

    /**
     * True when {@code directory} holds more than {@code bound} entries (of any name, hidden ones too), counted one at
     * a time and no further than {@code bound + 1}; false when it holds fewer, or is missing.
     *
     * @throws IOException when it cannot be listed
     */
    static boolean holdsMore(Path directory, long bound) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        long entries = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path ignored : stream) {
                if (++entries > bound) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when {@code entry} is one the product handed over: a {@code *.jsonl} name that is not hidden (a hidden one
     * is the product's, still being written, and the route never reads it). What the spool is emptied of below full,
     * and what {@code status} and {@code preview} count as waiting.
     */
    public static boolean handed(Path entry) {
        String name = String.valueOf(entry.getFileName());
        return name.endsWith(EventSpool.SUFFIX) && !name.startsWith(".");
    }

    /**
     * Deletes every {@code *.jsonl} entry of {@code directory} but hidden ones ({@link #handed}): a link itself, never
     * its target; a directory is left; nothing when {@code directory} is not a directory itself. Returns how many.
     */
    public static int deleteJsonl(Path directory) {
        int deleted = 0;
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, SpoolDirectory::handed)) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(entry)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Events: the spool {} cannot be emptied ({})", OwnerOnlyFiles.shown(directory),
                    e.getClass().getSimpleName());
        }
        return deleted;
    }

    /**
     * Makes {@code directory} ({@code 0700}) if it is missing, so that the product can write into it.
     *
     * @throws IOException when it cannot be made: its message says what lies there when it is not a directory
     */
    static void ensure(Path directory) throws IOException {
        try {
            OwnerOnlyFiles.createDirectories(directory);
        } catch (IOException e) {
            boolean there = Files.exists(directory, LinkOption.NOFOLLOW_LINKS);
            throw there && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) ? new IOException((Files
                    .isRegularFile(directory, LinkOption.NOFOLLOW_LINKS) ? "a regular file" : "a link or special file")
                    + ", not a directory", e) : e;
        }
    }
}
