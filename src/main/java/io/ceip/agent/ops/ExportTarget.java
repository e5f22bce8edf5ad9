package io.ceip.agent.ops;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the JMX export may write ({@code exportReport}): a new file under the data directory, the one place known to
 * be the agent's own, and nowhere a JMX login could make the agent write over its state or feed its store. The path
 * is absolute or relative to the data directory; it is refused, with one line, when it holds {@code ..} or control
 * characters, lies outside the data directory or inside one of the agent's own directories (a dead-letter store, the
 * copies of the reports sent, the customer destination's, the embedded collector's, the events spool: no export
 * poses as a sent copy or an entry), does not end in {@code .gz} (so no file
 * the agent reads can be made this way), passes through a symbolic link or a non-directory below the data directory,
 * would make more than one new directory (the file goes in a directory that exists, or in one new directory made in
 * one that exists: {@code exports/report.json.gz}, never a tree of any depth), or names something that exists. (The
 * data directory itself may be a link: that is where its setting points.)
 */
final class ExportTarget {

    private ExportTarget() {
    }

    /** The file to write for {@code path}; an {@link IllegalArgumentException} with the one-line reason otherwise. */
    static Path underDataDirectory(String path, Path dataDirectory, Map<Path, String> owned) {
        if (path.chars().anyMatch(Character::isISOControl)) {
            throw refused(path, "holds control characters");
        }
        Path given;
        try {
            given = Path.of(path.trim());
        } catch (InvalidPathException e) {
            throw refused(path, "is not a valid path");
        }
        for (Path part : given) {
            if (part.toString().equals("..")) {
                throw refused(path, "holds '..'");
            }
        }
        Path root = dataDirectory.toAbsolutePath().normalize();
        Path target = root.resolve(given).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw refused(path, "is outside the data directory " + OwnerOnlyFiles.shown(root));
        }
        owned.entrySet().stream().filter(own -> target.startsWith(own.getKey().toAbsolutePath().normalize()))
                .max(java.util.Comparator.comparingInt(own -> own.getKey().toAbsolutePath().normalize().getNameCount()))
                .ifPresent(own -> { // the innermost: the customer's store, not the customer destination's directory
                    throw refused(path, "is inside " + own.getValue());
                });
        if (!target.getFileName().toString().endsWith(".gz")) {
            throw refused(path, "does not end in .gz");
        }
        Path current = root;
        Path firstMissing = null;
        int missing = 0;
        for (Path part : root.relativize(target)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw refused(path, "goes through the symbolic link " + OwnerOnlyFiles.shown(current));
            }
            boolean exists = Files.exists(current, LinkOption.NOFOLLOW_LINKS);
            if (!current.equals(target) && exists && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(path, "goes through " + OwnerOnlyFiles.shown(current) + ", which is not a directory");
            }
            if (!current.equals(target) && !exists) {
                firstMissing = firstMissing == null ? current : firstMissing;
                missing++;
            }
        }
        if (missing > 1) {
            throw refused(path, "would make " + missing + " new directories from " + OwnerOnlyFiles.shown(
                    firstMissing) + ": exportReport makes at most one, in a directory that exists");
        }
        return target;
    }

    /** Checks that nothing (not even a dangling link) is at {@code file}'s name or its sidecar's. */
    static void requireNew(Path file, Path sidecar) {
        for (Path each : new Path[] { file, sidecar }) {
            if (Files.isDirectory(each, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(OwnerOnlyFiles.shown(each) + " already exists and is a directory: an"
                        + " export writes a new file only; name the file to write");
            }
            if (Files.exists(each, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(OwnerOnlyFiles.shown(each) + " already exists: an export writes a new"
                        + " file only, never over an existing one");
            }
        }
    }

    /** The one line for a file that could not be created new. */
    static IllegalStateException notCreated(Path file, IOException error) {
        if (error instanceof FileAlreadyExistsException) {
            return new IllegalStateException(OwnerOnlyFiles.shown(file) + " already exists: an export writes a new"
                    + " file only, never over an existing one");
        }
        if (error instanceof FileSystemException refused && refused.getReason() != null
                && refused.getReason().endsWith("not a regular file")) {
            return new IllegalStateException(OwnerOnlyFiles.shown(file) + " already exists (" + refused.getReason()
                    + "): an export writes a new file only, never over an existing one");
        }
        return new IllegalStateException(OwnerOnlyFiles.shown(file) + " cannot be created ("
                + error.getClass().getSimpleName() + ")");
    }

    private static IllegalArgumentException refused(String path, String reason) {
        return new IllegalArgumentException("'" + OwnerOnlyFiles.shown(path) + "' " + reason
                + " (exportReport writes a new .gz file under the data directory only)");
    }
}
