package io.ceip.collector.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the files of an embedded H2 database are, from its JDBC URL ({@code jdbc:h2:file:./data/db/collector},
 * {@code jdbc:h2:~/x}, {@code jdbc:h2:/abs/x}): the base path, whose files are {@code <base>.mv.db},
 * {@code <base>.trace.db} and the like. A server or in-memory database ({@code jdbc:h2:tcp:}, {@code mem:}),
 * PostgreSQL, or an H2 file system prefix this class does not know has none.
 */
public final class EmbeddedDatabase {

    private static final Pattern OTHER_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9]+:.*");

    private EmbeddedDatabase() {
    }

    /** The database's base path, absolute, when {@code jdbcUrl} names an embedded H2 file database. */
    public static Optional<Path> base(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String name = jdbcUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (OTHER_PREFIX.matcher(name).matches()) {
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(Path.of(name).toAbsolutePath().normalize());
    }

    /**
     * What to say when a new, empty database would start where an earlier collector's is elsewhere: before, the
     * default URL was {@code ./data/db/collector} whatever {@code collector.data-dir} said; it now follows the data
     * directory, so a node with its own data directory starts empty beside its reports (review s21 fixes M2). Empty
     * when {@code base} has a database, is that place, or the earlier place has none, or a node running now holds it
     * (H2 locks the file it has open: a second node started beside a running one was told of "an earlier collector's
     * reports", a false alarm).
     *
     * @param base the database's base path now; {@code workingDirectory} where the earlier default was resolved
     */
    public static Optional<String> earlierDefault(Path base, Path workingDirectory) {
        Path earlier = workingDirectory.resolve("data/db/collector").toAbsolutePath().normalize();
        if (earlier.equals(base) || Files.exists(Path.of(base + ".mv.db"))
                || !Files.exists(Path.of(earlier + ".mv.db")) || inUse(Path.of(earlier + ".mv.db"))) {
            return Optional.empty();
        }
        return Optional.of("collector.store.jdbc-url: the embedded database is now in collector.data-dir (" + base
                + ".mv.db, made empty now), and an earlier collector's reports are in " + earlier + ".mv.db: to"
                + " keep them, stop the collector and move that file there (with its .trace.db if any), or set"
                + " collector.store.jdbc-url=jdbc:h2:file:" + earlier + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    /** Whether a process (this one too) holds {@code file} locked, as H2 holds the database it has open. */
    static boolean inUse(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException held) {
            return true;
        } catch (IOException unreadable) {
            return false; // named as it was: the administrator looks at it
        }
    }

    /**
     * Makes the database's files that exist ({@code <base>.*.db}) owner-only (0600), not the other files of their
     * directory; first, each of them must be a regular file of the collector's user ({@link SecretFile}): a link
     * there (in a folder others can write, which an H2 URL may name) had H2 open, or make, the file it points to, and
     * another user's file held reports that user could change.
     *
     * @return the files whose permissions were looser
     * @throws IllegalArgumentException of one line naming a file that is a link, not a file or another user's
     */
    public static List<Path> tighten(Path base) throws IOException {
        String prefix = base.getFileName() + ".";
        if (Files.isDirectory(base.getParent())) {
            try (Stream<Path> files = Files.list(base.getParent())) {
                SecretFile.requireOwnWhereTheyExist("collector.store.jdbc-url", files.filter(file -> file.getFileName()
                        .toString().startsWith(prefix) && file.getFileName().toString().endsWith(".db")).toList(),
                        ": the database's files must be regular files of the collector's user (H2 opens, or makes,"
                        + " what a link points to)");
            }
        }
        return OwnerOnly.tightenFiles(base.getParent(), name -> name.startsWith(prefix) && name.endsWith(".db"));
    }
}
