package io.ceip.agent.files;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, what is already in the agent's directories is tightened to the agent's user alone: a directory or a
 * regular file that group or others may use loses those permissions ({@code 0755} becomes {@code 0700}, {@code 0644}
 * {@code 0600}), with one WARN line per path. Nothing is created and nothing is widened. Symbolic links are neither
 * followed nor changed, and nothing else (fifos, sockets, devices) is touched. A path owned by another user, and a
 * file with several names (hard links: its other names are not the agent's), are left as they are, with one WARN
 * line. What the dead-letter store quarantined is left as it was found, behind its
 * {@code 0700} directory. A path that cannot be read or changed is one WARN line, and the start goes on. On a file
 * system without POSIX permissions there is nothing to tighten: one INFO line says so.
 */
public final class DataDirectoryPermissions {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryPermissions.class);
    private static final int MAX_DEPTH = 8;
    /** The name of a directory whose contents are left as found (the dead-letter store's quarantine). */
    public static final String QUARANTINE = "quarantine";

    private int changed;

    private DataDirectoryPermissions() {
    }

    /**
     * Tightens every one of {@code roots} that exists, and what is under it (a root that is itself a link to a
     * directory is followed: that is where the setting points). A root under another root is walked once.
     *
     * @return how many paths were tightened
     */
    public static int tighten(Collection<Path> roots) {
        DataDirectoryPermissions permissions = new DataDirectoryPermissions();
        List<Path> walked = new ArrayList<>();
        for (Path root : roots) {
            Path real;
            try {
                real = root.toRealPath();
            } catch (IOException absent) {
                continue;
            }
            if (walked.stream().noneMatch(real::startsWith)) {
                walked.removeIf(done -> done.startsWith(real));
                walked.add(real);
            }
        }
        walked.forEach(permissions::walk);
        return permissions.changed;
    }

    private void walk(Path root) {
        try {
            if (!Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class)) {
                LOG.info("{} is not on a file system with POSIX permissions: the agent's files there are protected"
                        + " by that file system's own access control only", OwnerOnlyFiles.shown(root));
                return;
            }
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    tightenPath(directory);
                    return directory.getFileName() != null && directory.getFileName().toString()
                            .equals(QUARANTINE) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() || attributes.isDirectory()) {
                        tightenPath(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException error) {
                    LOG.warn("File permissions: {} cannot be read ({}); left as it is", OwnerOnlyFiles.shown(file),
                            error.getClass().getSimpleName());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("File permissions: {} cannot be checked ({}); left as it is", OwnerOnlyFiles.shown(root),
                    e.getClass().getSimpleName());
        }
    }

    private void tightenPath(Path path) {
        try {
            long agent = OwnerOnlyFiles.currentUid();
            Map<String, Object> attributes = OwnerOnlyFiles.attributes(path);
            if (agent >= 0 && attributes.get("uid") instanceof Integer uid && uid != agent) {
                LOG.warn("File permissions: {} belongs to uid {}, not to the agent's user (uid {}); left as it is",
                        OwnerOnlyFiles.shown(path), uid, agent);
                return;
            }
            if (Boolean.TRUE.equals(attributes.get("isRegularFile")) && attributes.get("nlink") instanceof Integer links
                    && links > 1) {
                LOG.warn("File permissions: {} has {} names (hard links): left as it is, its other names are not the"
                        + " agent's", OwnerOnlyFiles.shown(path), links);
                return;
            }
            String before = OwnerOnlyFiles.restrict(path);
            if (before != null) {
                changed++;
                LOG.warn("File permissions: {} was {}, open to other users; now {}", OwnerOnlyFiles.shown(path),
                        before, PosixFilePermissions.toString(Files.getPosixFilePermissions(path,
                                LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("File permissions: {} cannot be tightened ({}); left as it is", OwnerOnlyFiles.shown(path),
                    e.getClass().getSimpleName());
        }
    }
}
