package io.ceip.agent.outbox;

import io.ceip.agent.files.FileLocks;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotation of a ledger file past its size ({@link DeliveryLedger}): {@code ledger.log} becomes
 * {@code ledger.log.1}, older files shift up, and at most {@code keepFiles} are kept; with {@code keepFiles} 0 none is
 * kept (the full file is deleted). An oldest file that cannot be deleted (a non-empty directory planted there, a file
 * the agent may not remove) is moved aside to {@code ledger.log.<n>.refused-<random>} in one WARN line, so that it
 * never blocks the rotation. Nothing is followed: a link is moved or deleted itself.
 *
 * <p>The agent and a command beside it ({@code send}, {@code requeue}, {@code export}) append to one ledger and may
 * both find it full: a rotation holds {@code ledger.log.lock} (beside the file) and rotates only a file still full,
 * so one rotation is done, not two (the second shifted the files again and replaced one just rotated: its lines were
 * lost). A process that finds the lock held leaves the rotation to its holder and appends. A lock file that cannot be
 * opened (a link, a directory planted there) is one WARN line, and the rotation is done without it.
 */
final class LedgerRotation {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRotation.class);

    private final Path file;
    private final Path lockFile;
    private final int keepFiles;
    /** The lock file could not be opened (and that was logged). */
    private boolean lockFileRefused;

    LedgerRotation(Path file, int keepFiles) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.keepFiles = keepFiles;
    }

    /**
     * Rotates the file if it is still too full for a line of {@code lineBytes} (past {@code maxBytes}) once this
     * process holds the lock; nothing when another process holds it (it is rotating the file).
     *
     * @throws IOException when it could not be rotated (the current file is then where it was)
     */
    void rotateIfFull(long lineBytes, long maxBytes) throws IOException {
        FileChannel channel = openLock();
        try {
            if (channel != null && FileLocks.tryLock(channel) == null) {
                return;
            }
            if (size() + lineBytes > maxBytes) {
                rotate();
            }
        } finally {
            FileLocks.close(channel);
        }
    }

    private FileChannel openLock() {
        try {
            return OwnerOnlyFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            if (!lockFileRefused) {
                LOG.warn("The delivery ledger's lock file {} cannot be opened ({}): the ledger is rotated without it;"
                        + " remove what is there", OwnerOnlyFiles.shown(lockFile), e.getClass().getSimpleName());
            }
            lockFileRefused = true;
            return null;
        }
    }

    private long size() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Rotates the file. @throws IOException when it could not be (the current file is then where it was) */
    private void rotate() throws IOException {
        if (keepFiles == 0) {
            Files.deleteIfExists(file);
            return;
        }
        removeOldest(sibling(keepFiles));
        for (int i = keepFiles - 1; i >= 1; i--) {
            if (Files.exists(sibling(i), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private void removeOldest(Path oldest) throws IOException {
        try {
            Files.deleteIfExists(oldest);
        } catch (IOException e) {
            Path aside = oldest.resolveSibling(oldest.getFileName() + ".refused-" + UUID.randomUUID());
            Files.move(oldest, aside);
            LOG.warn("The delivery ledger's oldest rotated file {} cannot be deleted ({}): moved aside to {}, never"
                    + " read; delete it when it is not needed", OwnerOnlyFiles.shown(oldest),
                    e.getClass().getSimpleName(), OwnerOnlyFiles.shown(aside.getFileName()));
        }
    }

    private Path sibling(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }
}
