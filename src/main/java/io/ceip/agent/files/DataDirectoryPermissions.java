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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, what is already in the agent's directories is tightened to the agent's user alone: a directory or a
 * regular file that group or others may use loses those permissions ({@code 0755} becomes {@code 0700}, {@code 0644}
 * {@code 0600}), with one WARN line per path for the first {@value #SHOWN} paths, then one summary line per directory
 * ({@code … and 4,990 more in data/events}). In the events spool only the files handed over ({@code *.jsonl}, not
 * hidden) are tightened: the product's files still being written (hidden, other names) and its directories there are
 * never touched. Nothing is created and nothing is widened. Symbolic links are neither
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

    /** How many paths get a line of their own; the rest are counted, one line per directory and outcome. */
    static final int SHOWN = 10;

    private final Path spool;
    private final Map<Path, Integer> moreTightened = new LinkedHashMap<>();
    private final Map<Path, Integer> moreLeft = new LinkedHashMap<>();
    private final java.util.Set<Path> leftAlone = new java.util.HashSet<>();
    private int changed;
    private int lines;

    private DataDirectoryPermissions(Path spool) {
        this.spool = spool;
    }

    /** {@link #tighten(Collection, Path)} with no events spool. */
    public static int tighten(Collection<Path> roots) {
        return tighten(roots, null);
    }

    /**
     * Tightens every one of {@code roots} that exists and is a directory, and what is under it (a root that is itself a
     * link to a directory is followed: that is where the setting points; a root that is no directory is left as it is,
     * with one WARN line). A root under another root is walked once. The first is the data directory: what it holds
     * besides the agent's own is left as it is, and so is it then. In {@code spool} (the events spool, may be null),
     * only its non-hidden {@code *.jsonl} files are tightened.
     *
     * @return how many paths were tightened
     */
    public static int tighten(Collection<Path> roots, Path spool) {
        DataDirectoryPermissions permissions = new DataDirectoryPermissions(realOrNull(spool));
        List<Path> walked = new ArrayList<>();
        List<Path> all = new ArrayList<>();
        for (Path root : roots) {
            Path real;
            try {
                real = root.toRealPath();
            } catch (IOException absent) {
                continue;
            }
            if (!Files.isDirectory(real)) { // a file named as a directory (--data /etc/passwd) is never changed
                LOG.warn("File permissions: {} is not a directory; left as it is", OwnerOnlyFiles.shown(root));
                continue;
            }
            all.add(real);
            if (walked.stream().noneMatch(real::startsWith)) {
                walked.removeIf(done -> done.startsWith(real));
                walked.add(real);
            }
        }
        if (!all.isEmpty() && all.get(0).equals(realOrNull(roots.iterator().next()))) {
            permissions.leaveForeign(all.get(0), all);
        }
        walked.forEach(permissions::walk);
        permissions.moreTightened.forEach((directory, more) -> LOG.warn("File permissions: … and {} more in {} were"
                + " open to other users; now owner-only", count(more), OwnerOnlyFiles.shown(directory)));
        permissions.moreLeft.forEach((directory, more) -> LOG.warn("File permissions: … and {} more in {} left as"
                + " they are (another owner, several names, or not readable)", count(more),
                OwnerOnlyFiles.shown(directory)));
        return permissions.changed;
    }

    /**
     * In {@code data}, the data directory (the first root), what is not the agent's ({@link ForeignEntries}) is left
     * as it is, and so is the directory itself, with one WARN line: it is not the agent's alone.
     */
    private void leaveForeign(Path data, List<Path> roots) {
        List<Path> known = new ArrayList<>(roots);
        if (spool != null) {
            known.add(spool);
        }
        List<Path> foreign = ForeignEntries.in(data, known);
        if (!foreign.isEmpty()) {
            leftAlone.add(data);
            leftAlone.addAll(foreign);
            LOG.warn("File permissions: {} is not the agent's alone ({} entr{} of another program: {}{}): they and the"
                    + " directory are left as they are; give ceip.data.directory a directory of its own",
                    OwnerOnlyFiles.shown(data), foreign.size(), foreign.size() == 1 ? "y" : "ies",
                    OwnerOnlyFiles.shown(foreign.get(0).getFileName()), foreign.size() > 1 ? ", …" : "");
        }
    }

    private static String count(int more) {
        return String.format(Locale.ROOT, "%,d", more);
    }

    /** True while a path may have a line of its own; past {@value #SHOWN}, counted in {@code more} instead. */
    private boolean shown(Path path, Map<Path, Integer> more) {
        if (++lines <= SHOWN) {
            return true;
        }
        more.merge(path.toAbsolutePath().getParent(), 1, Integer::sum);
        return false;
    }

    private static Path realOrNull(Path path) {
        try {
            return path == null ? null : path.toRealPath();
        } catch (IOException absent) {
            return null;
        }
    }

    /** In the spool, the product's own: anything but its handed-over files (not hidden, {@code *.jsonl}). */
    private boolean productsOwn(Path path) {
        if (spool == null || !spool.equals(path.getParent())) {
            return false;
        }
        String name = path.getFileName().toString();
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || name.startsWith(".") || !name.endsWith(".jsonl");
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
                    if (productsOwn(directory) || leftAlone.contains(directory) && !directory.equals(root)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!leftAlone.contains(directory)) {
                        tightenPath(directory);
                    }
                    return directory.getFileName() != null && directory.getFileName().toString()
                            .equals(QUARANTINE) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if ((attributes.isRegularFile() || attributes.isDirectory()) && !productsOwn(file)
                            && !leftAlone.contains(file)) {
                        tightenPath(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException error) {
                    if (shown(file, moreLeft)) {
                        LOG.warn("File permissions: {} cannot be read ({}); left as it is", OwnerOnlyFiles.shown(file),
                                error.getClass().getSimpleName());
                    }
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
                if (shown(path, moreLeft)) {
                    LOG.warn("File permissions: {} belongs to uid {}, not to the agent's user (uid {}); left as it"
                            + " is", OwnerOnlyFiles.shown(path), uid, agent);
                }
                return;
            }
            if (Boolean.TRUE.equals(attributes.get("isRegularFile")) && attributes.get("nlink") instanceof Integer links
                    && links > 1) {
                if (shown(path, moreLeft)) {
                    LOG.warn("File permissions: {} has {} names (hard links): left as it is, its other names are not"
                            + " the agent's", OwnerOnlyFiles.shown(path), links);
                }
                return;
            }
            String before = OwnerOnlyFiles.restrict(path);
            if (before != null) {
                changed++;
            }
            if (before != null && shown(path, moreTightened)) {
                LOG.warn("File permissions: {} was {}, open to other users; now {}", OwnerOnlyFiles.shown(path),
                        before, PosixFilePermissions.toString(Files.getPosixFilePermissions(path,
                                LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (IOException | RuntimeException e) {
            if (shown(path, moreLeft)) {
                LOG.warn("File permissions: {} cannot be tightened ({}); left as it is", OwnerOnlyFiles.shown(path),
                        e.getClass().getSimpleName());
            }
        }
    }
}
