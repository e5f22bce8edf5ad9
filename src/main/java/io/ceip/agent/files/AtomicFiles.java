package io.ceip.agent.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file writes: the bytes go to a new temporary file in the same directory, are forced to disk, and the
 * temporary file is renamed over the target in one atomic step, then the directory itself is forced. A reader
 * sees the old content or the new content, never a torn file. Every directory made on the way is {@code 0700} and
 * the file {@code 0600} from its creation ({@link OwnerOnlyFiles}); whatever lay at the temporary file's name (the
 * leftover of a crash, a link) is removed, never written through, and a link at the target's name is replaced by the
 * file, its own target untouched.
 *
 * <p>The temporary file is {@code .<name>.tmp}, unless a regular file younger than {@link #LEFTOVER_AGE} is there:
 * another process (a command run beside the running agent) or thread writing the same file at this moment, whose file
 * is then left alone and a name of this write's own is taken, {@code .<name>.<16 hex digits>.tmp}. An older one is
 * the leftover of a crash, removed.
 */
public final class AtomicFiles {

    /** Suffix of the temporary files; such files left by a crash are never read as entries. */
    public static final String TEMP_SUFFIX = ".tmp";
    /** A regular expression: what a temporary file's name holds between its target's name and {@link #TEMP_SUFFIX}. */
    public static final String TEMP_INFIX = "(?:\\.[0-9a-f]{16})?";

    /**
     * How old a temporary file is before it is a crash's leftover: younger, it is another writer's at work (a write
     * lasts far less), never removed. The dead-letter store's start-up check goes by the same age.
     */
    public static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target} atomically, creating the parent directories. */
    public static void write(Path target, byte[] content) {
        write(target, content, true);
    }

    /**
     * As {@link #write(Path, byte[])}; with {@code force} false the file and its directory are not forced to disk:
     * still atomic for every process (a reader, or the agent after {@code kill -9}, sees the old or the new content),
     * but after a power loss the file may be the older one. For a file rewritten often whose writer bounds that loss.
     */
    public static void write(Path target, byte[] content, boolean force) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + TEMP_SUFFIX);
        try {
            OwnerOnlyFiles.createDirectories(dir);
            FileChannel created;
            try {
                if (leftover(temp)) {
                    Files.deleteIfExists(temp);
                }
                created = OwnerOnlyFiles.createNew(temp);
            } catch (FileAlreadyExistsException another) {
                temp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().toHexDigits(
                        ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
                created = OwnerOnlyFiles.createNew(temp);
            }
            try (FileChannel channel = created) {
                OwnerOnlyFiles.writeFully(channel, content);
                if (force) {
                    channel.force(true);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (force) {
                forceDirectory(dir);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code content} to a new file {@code target}, forced to disk: anything already at that name (a file, a
     * directory, a link, even a dangling one) refuses it with {@link java.nio.file.FileAlreadyExistsException} and
     * is left as it is. Missing parent directories are not created.
     */
    public static void writeNew(Path target, byte[] content) throws IOException {
        FileChannel channel = OwnerOnlyFiles.createNew(target);
        try (channel) {
            OwnerOnlyFiles.writeFully(channel, content);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    /**
     * Whether something is at {@code temp} that no writer is at work on: a regular file older than
     * {@link #LEFTOVER_AGE} (a crash's), or anything else (a link, a directory). Absent, or another writer's younger
     * file: false.
     */
    private static boolean leftover(Path temp) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return !attributes.isRegularFile()
                    || attributes.lastModifiedTime().toInstant().isBefore(Instant.now().minus(LEFTOVER_AGE));
        } catch (NoSuchFileException absent) {
            return false;
        }
    }

    /**
     * Whether {@code file} was written less than {@link #LEFTOVER_AGE} ago, by the file system's clock (a write another
     * process may be about to rename); false when its time cannot be read.
     */
    public static boolean fresh(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant()
                    .isAfter(Instant.now().minus(LEFTOVER_AGE));
        } catch (IOException e) {
            return false;
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot open a directory for reading; the rename is still atomic there
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more can be done; a leftover temporary file is never read as an entry
        }
    }
}
