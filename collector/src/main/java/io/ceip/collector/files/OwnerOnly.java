package io.ceip.collector.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Owner-only permissions for the collector's data: directories {@code rwx------} (0700), the key store and the
 * database files {@code rw-------} (0600). On a file system without POSIX permissions (Windows) every method does
 * nothing. Links are not followed.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /**
     * Whether group or others may read {@code file} (its link followed); false where permissions are not POSIX or
     * cannot be read.
     */
    public static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /** True when the default file system has POSIX permissions. */
    public static boolean supported() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code dir} and its missing parents, each made 0700 from its creation; an existing one is kept. */
    public static void createDirectories(Path dir) throws IOException {
        if (supported()) {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(DIRECTORY);
            Files.createDirectories(dir, mode);
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Makes the file {@code file} 0600 (a file just made: no warning is due). */
    public static void restrictFile(Path file) throws IOException {
        if (supported() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Tightens what exists: each directory of {@code dirs} to 0700 and every regular file directly in the
     * directories {@code fileDirs} whose name ends with one of {@code suffixes} to 0600.
     *
     * @return the paths whose permissions were looser and are now owner-only (empty when all were right)
     */
    public static List<Path> tighten(List<Path> dirs, List<Path> fileDirs, List<String> suffixes)
            throws IOException {
        List<Path> changed = new ArrayList<>();
        if (!supported()) {
            return changed;
        }
        for (Path dir : dirs) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && set(dir, DIRECTORY)) {
                changed.add(dir);
            }
        }
        for (Path dir : fileDirs) {
            changed.addAll(tightenFiles(dir, name -> suffixes.stream().anyMatch(name::endsWith)));
        }
        return changed;
    }

    /**
     * Makes every regular file directly in {@code dir} whose name {@code names} takes 0600.
     *
     * @return the files whose permissions were looser and are now owner-only
     */
    public static List<Path> tightenFiles(Path dir, Predicate<String> names) throws IOException {
        List<Path> changed = new ArrayList<>();
        if (!supported() || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return changed;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && names.test(file.getFileName().toString())
                        && set(file, FILE)) {
                    changed.add(file);
                }
            }
        }
        return changed;
    }

    private static boolean set(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
            return false;
        }
        Files.setPosixFilePermissions(path, wanted);
        return true;
    }
}
